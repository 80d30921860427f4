import type { ErrorCode } from '@orderflow/core';
import type { Knex } from 'knex';
import type { OutboxCommand, OutboxRow } from './outbox.ts';
import { TERMINAL_STATUSES, type ProcessManager } from './process-manager.ts';
import { describeError } from './retry.ts';
import type { StepDetail } from './steps.ts';
import { SAGA_COMMANDS, SAGA_STEPS } from './tables.ts';
import { SagaUnitOfWork } from './unit-of-work.ts';

/**
 * Records a transient failure of send `attempt` (1-based): the outbox row's attempts, last
 * error and `not_before` (now + `delayMs`, so a restarted process waits too), and an `error`
 * step with the delay — one transaction.
 */
export async function recordRetry(
  db: Knex,
  command: OutboxCommand,
  error: unknown,
  attempt: number,
  delayMs: number,
): Promise<void> {
  const message = describeError(error);
  await db.transaction(async (trx) => {
    await trx(SAGA_COMMANDS)
      .where({ command_id: command.commandId, status: 'pending' })
      .update({
        attempts: attempt,
        last_error: message,
        not_before: trx.raw(`now() + make_interval(secs => ?)`, [delayMs / 1000]),
        updated_at: trx.fn.now(),
      });
    await trx(SAGA_STEPS).insert({
      saga: command.saga,
      instance_id: command.instanceId,
      kind: 'error',
      detail: JSON.stringify({
        commandId: command.commandId,
        type: command.type,
        attempt,
        error: message,
        transient: true,
        retryInMs: delayMs,
      } satisfies StepDetail<'error'>),
    });
  });
}

/**
 * Records that `command` failed for good (a permanent refusal with catalog `code`, or transient
 * failures until attempts ran out, `code` null). When the process manager `tolerates` the
 * refusal the command counts as done (`refused-tolerated`); otherwise it is `failed` and its
 * instance — unless already parked or terminal — is parked with the error and the command.
 * The instance is locked first (the runtime's lock order).
 */
export async function recordFailure<State>(
  db: Knex,
  pm: ProcessManager<State>,
  command: OutboxCommand,
  error: unknown,
  code: ErrorCode | null,
  attempt: number,
): Promise<void> {
  const message = describeError(error);
  const { commandId, type } = command;
  await db.transaction(async (trx) => {
    const uow = new SagaUnitOfWork(trx, pm);
    await uow.lock([command.instanceId]);
    const record = uow.get(command.instanceId);
    const tolerated = code !== null && !!record && (pm.tolerates?.(command, code, record.state) ?? false);
    await trx(SAGA_COMMANDS)
      .where({ command_id: commandId })
      .update({
        status: tolerated ? 'done' : 'failed',
        attempts: attempt,
        last_error: message,
        updated_at: trx.fn.now(),
      });
    const step = { instanceId: command.instanceId, position: null, actor: null };
    const outcome = tolerated ? 'refused-tolerated' : 'failed';
    uow.log({
      ...step,
      kind: 'command',
      detail: { commandId, type, outcome, attempts: attempt, error: message },
    });
    if (!tolerated && record) {
      const park = record.status !== 'parked' && !TERMINAL_STATUSES.includes(record.status);
      const transient = code === null;
      uow.log({
        ...step,
        kind: 'error',
        detail: { commandId, type, attempt, error: message, transient, parked: park },
      });
      if (park)
        uow.put({
          ...record,
          status: 'parked',
          error: `${type} failed: ${message}`,
          failedCommandId: commandId,
        });
    }
    await uow.commit({ leaseSeconds: 0 });
  });
}

/** Commands marked done per statement (each costs a bind parameter; Postgres allows 65,535). */
const DONE_CHUNK = 1000;

/**
 * Marks sent commands done (only those still pending, so a command sent twice is logged once)
 * and appends a `command` step with its outcome and attempts for each — one transaction,
 * {@link DONE_CHUNK} commands per statement.
 */
export async function recordDone(db: Knex, commands: readonly OutboxCommand[]): Promise<void> {
  await db.transaction(async (trx) => {
    for (let i = 0; i < commands.length; i += DONE_CHUNK) {
      const rows = (await trx(SAGA_COMMANDS)
        .whereIn(
          'command_id',
          commands.slice(i, i + DONE_CHUNK).map((c) => c.commandId),
        )
        .andWhere({ status: 'pending' })
        .update({ status: 'done', attempts: trx.raw('attempts + 1'), updated_at: trx.fn.now() })
        .returning(['command_id', 'saga', 'instance_id', 'type', 'attempts'])) as OutboxRow[];
      if (rows.length === 0) continue;
      await trx(SAGA_STEPS).insert(
        rows.map((r) => ({
          saga: r.saga,
          instance_id: r.instance_id,
          kind: 'command',
          detail: JSON.stringify({
            commandId: r.command_id,
            type: r.type,
            outcome: 'done',
            attempts: r.attempts,
          } satisfies StepDetail<'command'>),
        })),
      );
    }
  });
}
