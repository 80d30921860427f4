import type { SagaCommand } from './process-manager.ts';

/**
 * A command in the saga outbox (`saga_commands`). `status`: `pending` (to be sent; the sweeper
 * sends it once `not_before` has passed), `done` (accepted, or an idempotent no-op), `failed`
 * (refused for good or out of attempts; its instance is parked), `held` (decided while the
 * instance was parked; re-queued by a retry), `cancelled` (dropped by an operator).
 */
export type OutboxStatus = 'pending' | 'done' | 'failed' | 'held' | 'cancelled';

/** A command to send, with where it comes from and the attempts made so far. */
export interface OutboxCommand extends SagaCommand {
  readonly saga: string;
  readonly instanceId: string;
  readonly attempts: number;
}

/** A `saga_commands` row as selected by the runtime. */
export interface OutboxRow {
  command_id: string;
  saga: string;
  instance_id: string;
  type: string;
  data: Record<string, unknown>;
  attempts: number;
}

/** The {@link OutboxCommand} of a row. */
export const fromOutboxRow = (r: OutboxRow): OutboxCommand => ({
  commandId: r.command_id,
  saga: r.saga,
  instanceId: r.instance_id,
  type: r.type,
  data: r.data,
  attempts: r.attempts,
});
