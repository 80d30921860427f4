import type { StepEntry, StepKind } from '../runtime/steps.ts';
import type { OutboxStatus } from '../runtime/outbox.ts';
import type { SagaStatus } from '../runtime/process-manager.ts';
import type { SagaOverview } from '../runtime/overview.ts';
import { sagaId } from './ids.ts';

/** One saga instance in a list. `position`: of the last event it folded. */
export interface SagaSummary {
  /** `<saga>:<instanceId>` (see `sagaId`). */
  readonly id: string;
  readonly saga: string;
  readonly instanceId: string;
  readonly status: SagaStatus;
  /** Why it is parked (the failed command and its error); null unless parked or aborted after it. */
  readonly error: string | null;
  /** The command whose failure parked it. */
  readonly failedCommandId: string | null;
  readonly position: bigint | null;
  readonly createdAt: Date;
  /** Last change of status or state. */
  readonly updatedAt: Date;
  /** When it reached a terminal status; null while open. */
  readonly endedAt: Date | null;
  /** Order, customer, total, outcome and current step, from its state (lists set it). */
  readonly overview?: SagaOverview;
}

/** One entry of a saga's step log; `seq` orders all steps (of every saga) as they were stored. */
export type SagaStep = StepEntry & {
  readonly seq: number;
  readonly position: bigint | null;
  /** Who did it, for operator actions (e.g. `cli:alice`); null for the runtime. */
  readonly actor: string | null;
  readonly at: Date;
};

/** One command of a saga's outbox. */
export interface SagaCommandView {
  readonly commandId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One timer of a saga. */
export interface SagaTimerView {
  readonly name: string;
  readonly dueAt: Date;
  readonly input: string;
  readonly firedAt: Date | null;
  readonly cancelledAt: Date | null;
}

/** A saga with its state, commands, timers and step log (oldest first). */
export interface SagaDetails extends SagaSummary {
  readonly state: unknown;
  readonly commands: readonly SagaCommandView[];
  readonly timers: readonly SagaTimerView[];
  readonly steps: readonly SagaStep[];
  /** True when the log has more steps than `steps` holds (page on with `listSagaSteps`). */
  readonly stepsTruncated: boolean;
}

/** Columns of `saga_instances` a summary needs. */
export const SUMMARY_COLUMNS = [
  'seq',
  'saga',
  'instance_id',
  'status',
  'error',
  'failed_command_id',
  'position',
  'created_at',
  'updated_at',
  'ended_at',
] as const;

/** A `saga_instances` row with {@link SUMMARY_COLUMNS} (numeric and bigint columns as strings). */
export interface SummaryRow {
  seq: string;
  saga: string;
  instance_id: string;
  status: SagaStatus;
  error: string | null;
  failed_command_id: string | null;
  position: string | null;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

/** The summary of a row. */
export const toSummary = (r: SummaryRow): SagaSummary => ({
  id: sagaId({ saga: r.saga, instanceId: r.instance_id }),
  saga: r.saga,
  instanceId: r.instance_id,
  status: r.status,
  error: r.error,
  failedCommandId: r.failed_command_id,
  position: r.position === null ? null : BigInt(r.position),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  endedAt: r.ended_at,
});

/** A `saga_steps` row (seq and position as strings). */
export interface StepRow {
  seq: string;
  kind: StepKind | typeof STEP_GROUP;
  /** A {@link StepEntry}'s detail, or a group's steps (JSON as the runtime wrote it). */
  detail: unknown;
  position: string | null;
  actor: string | null;
  at: Date;
}

/**
 * `kind` of a row holding several steps of one saga written by one transaction (its `detail`:
 * the steps, in order). The runtime stores a batch's steps of one instance so — one row instead
 * of a dozen per order — and the queries expand it.
 */
export const STEP_GROUP = 'steps';

/** One step inside a {@link STEP_GROUP} row. */
export type GroupedStep = StepEntry & {
  readonly position: string | null;
  readonly actor: string | null;
};

/** Most steps one row holds; a step's `seq` is the row's seq × this + its index in the row. */
export const STEPS_PER_ROW = 1000;

const stepEntry = ({ kind, detail }: StepEntry): StepEntry => ({ kind, detail }) as StepEntry;

/** The steps of rows, in order; a step's `seq` is `row seq × STEPS_PER_ROW + index`. */
export function expandStepRows(rows: readonly StepRow[]): SagaStep[] {
  const steps: SagaStep[] = [];
  for (const r of rows) {
    const base = Number(r.seq) * STEPS_PER_ROW;
    const entries: GroupedStep[] =
      r.kind === STEP_GROUP
        ? (r.detail as GroupedStep[])
        : [
            // The column holds what the runtime wrote for this kind (a StepEntry).
            { ...({ kind: r.kind, detail: r.detail } as StepEntry), position: r.position, actor: r.actor },
          ];
    entries.forEach((e, i) =>
      steps.push({
        seq: base + i,
        ...stepEntry(e),
        position: e.position === null ? null : BigInt(e.position),
        actor: e.actor,
        at: r.at,
      }),
    );
  }
  return steps;
}
