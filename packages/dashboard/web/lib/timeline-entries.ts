import type { SagaStep, StepKind } from '../api/queries.ts';

/**
 * One entry of the timeline: a step, or the failed attempts of one command folded into one
 * (`steps` holds them all, oldest first; `steps[0]` is the entry's own step).
 */
export interface TimelineEntry {
  readonly step: SagaStep;
  readonly steps: readonly SagaStep[];
}

type Detail = { commandId?: unknown; error?: unknown; parked?: unknown };

/**
 * Folds the repeated failed attempts of a command into the entry of its first failed attempt:
 * an `error` step joins the open run of its command when its error is the same. A run ends at
 * the command's outcome (`command` step), at an attempt that parked the saga (kept as its own
 * entry: it is the one an operator looks for), at another error, or at an operator action
 * (which re-queues commands). Steps of other commands, timers and events between attempts stay
 * where they are. Order is kept otherwise.
 */
export function collapseRetries(steps: readonly SagaStep[]): TimelineEntry[] {
  const entries: Array<{ step: SagaStep; steps: SagaStep[] }> = [];
  const runs = new Map<unknown, { error: unknown; steps: SagaStep[] }>();
  for (const step of steps) {
    const d = step.detail as Detail;
    const run = runs.get(d.commandId);
    if (step.kind === 'error' && !d.parked && run && run.error === d.error) {
      run.steps.push(step);
      continue;
    }
    const entry = { step, steps: [step] };
    entries.push(entry);
    if (step.kind === 'operator') runs.clear();
    else if (step.kind === 'error' && !d.parked)
      runs.set(d.commandId, { error: d.error, steps: entry.steps });
    else if (step.kind === 'error' || step.kind === 'command') runs.delete(d.commandId);
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
