import type { SagaStep, StepKind } from '../api/queries.ts';

/**
 * One entry of the timeline: a step, or a run of retries of one command folded into one
 * (`steps` holds them all, oldest first; `steps[0]` is the entry's own step).
 */
export interface TimelineEntry {
  readonly step: SagaStep;
  readonly steps: readonly SagaStep[];
}

type ErrorDetail = { commandId?: unknown; error?: unknown; parked?: unknown };

/** Whether `step` repeats `previous`: the same command failing again with the same error. */
const isRetryOf = (step: SagaStep, previous: SagaStep): boolean => {
  if (step.kind !== 'error' || previous.kind !== 'error') return false;
  const d = step.detail as ErrorDetail;
  const p = previous.detail as ErrorDetail;
  // The attempt that parked the saga stays its own entry: it is the one an operator looks for.
  return !d.parked && !p.parked && d.commandId === p.commandId && d.error === p.error;
};

/**
 * Folds each run of consecutive failed attempts of one command with the same error into one
 * entry; every other step is an entry of its own. Order is kept.
 */
export function collapseRetries(steps: readonly SagaStep[]): TimelineEntry[] {
  const entries: Array<{ step: SagaStep; steps: SagaStep[] }> = [];
  for (const step of steps) {
    const last = entries.at(-1);
    if (last && isRetryOf(step, last.steps.at(-1)!)) last.steps.push(step);
    else entries.push({ step, steps: [step] });
  }
  return entries;
}

/** Every step as an entry of its own (collapsing off). */
export const singleEntries = (steps: readonly SagaStep[]): TimelineEntry[] =>
  steps.map((step) => ({ step, steps: [step] }));

/** The kinds present in `steps` with how many steps each has, in first-seen order. */
export function kindCounts(steps: readonly SagaStep[]): Array<{ kind: StepKind; count: number }> {
  const counts = new Map<StepKind, number>();
  for (const step of steps) counts.set(step.kind, (counts.get(step.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}
