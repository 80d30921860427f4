import type { StepKind } from '../runtime/advance.ts';
import type { OutboxStatus } from '../runtime/outbox.ts';
import type { SagaStatus } from '../runtime/process-manager.ts';
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
}

/** One entry of a saga's step log; `seq` orders all steps (of every saga) as they were stored. */
export interface SagaStep {
  readonly seq: number;
  readonly kind: StepKind;
  readonly detail: Record<string, unknown>;
  readonly position: bigint | null;
  /** Who did it, for operator actions (e.g. `cli:alice`); null for the runtime. */
  readonly actor: string | null;
  readonly at: Date;
}

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
  kind: StepKind;
  detail: Record<string, unknown>;
  position: string | null;
  actor: string | null;
  at: Date;
}

/** The step of a row. */
export const toStep = (r: StepRow): SagaStep => ({
  seq: Number(r.seq),
  kind: r.kind,
  detail: r.detail,
  position: r.position === null ? null : BigInt(r.position),
  actor: r.actor,
  at: r.at,
});
