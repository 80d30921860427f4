import { invalidState, newId } from '@orderflow/core';
import type { Knex } from 'knex';
import {
  COMPENSATION_FORCED,
  TERMINAL_STATUSES,
  type CompensationForced,
  type SagaInput,
  type SagaStatus,
} from '../runtime/process-manager.ts';
import type { OperatorStepDetail } from '../runtime/steps.ts';
import { SAGA_COMMANDS } from '../runtime/tables.ts';
import { processManagers, type ProcessManagerRegistry } from '../registry.ts';
import { runInstanceAction, type OperatorOutcome, type OperatorRequest } from './instance-action.ts';

const refuse = (action: string, id: string, status: SagaStatus, allowed: string) =>
  invalidState(`cannot ${action} saga ${id}: it is ${status} (only ${allowed} sagas can be)`, { id, status });

/**
 * Moves the saga instance's outbox commands in `from` statuses: `patch` is applied to them.
 * @returns the commands moved, as the step log records them.
 */
async function moveCommands(
  trx: Knex.Transaction,
  saga: string,
  instanceId: string,
  from: readonly string[],
  patch: Record<string, unknown>,
): Promise<Array<{ commandId: string; type: string }>> {
  const rows = (await trx(SAGA_COMMANDS)
    .where({ saga, instance_id: instanceId })
    .whereIn('status', from)
    .update({ ...patch, updated_at: trx.fn.now() })
    .returning(['command_id', 'type'])) as Array<{ command_id: string; type: string }>;
  return rows.map((c) => ({ commandId: c.command_id, type: c.type }));
}

/**
 * Retries a parked saga: its failed and held commands go back to `pending` with a fresh attempt
 * budget, due at once; the saga resumes the status its state implies (running or compensating).
 * Recorded as an `operator` step with the actor, reason, the error it had and the commands.
 * The running process manager sends them within its sweep interval (or at once after `wake()`).
 * @throws OrderflowError NOT_FOUND (no such saga), INVALID_STATE (not parked),
 *   VALIDATION_FAILED (bad id, actor or reason).
 */
export function retrySaga(
  db: Knex,
  id: string,
  request: OperatorRequest,
  managers: ProcessManagerRegistry = processManagers,
): Promise<OperatorOutcome> {
  return runInstanceAction(db, id, request, managers, async (trx, uow, record, pm) => {
    if (record.status !== 'parked') throw refuse('retry', id, record.status, 'parked');
    const requeued = await moveCommands(trx, pm.name, record.instanceId, ['failed', 'held'], {
      status: 'pending',
      attempts: 0,
      not_before: trx.fn.now(),
    });
    uow.put({ ...record, status: pm.status(record.state), error: null, failedCommandId: null });
    uow.log({
      instanceId: record.instanceId,
      kind: 'operator',
      detail: {
        action: 'retry',
        reason: request.reason ?? null,
        previousError: record.error,
        commands: requeued,
      },
      position: null,
      actor: request.actor,
    });
    return requeued.map((c) => c.commandId);
  });
}

/**
 * Forces compensation of a running, compensating or parked saga: commands held while it was
 * parked are cancelled, and the input `CompensationForced` (`{ actor, reason }`) is fed to the
 * process manager, which decides the compensations (for order fulfillment: release stock, void
 * the payment, cancel the order). Failed commands stay failed. Recorded as an `operator` step.
 * @throws OrderflowError NOT_FOUND, INVALID_STATE (terminal saga, or the process manager's
 *   `compensationRefusal`, e.g. an order already confirmed), VALIDATION_FAILED.
 */
export function compensateSaga(
  db: Knex,
  id: string,
  request: OperatorRequest,
  managers: ProcessManagerRegistry = processManagers,
): Promise<OperatorOutcome> {
  return runInstanceAction(db, id, request, managers, async (trx, uow, record, pm) => {
    if (TERMINAL_STATUSES.includes(record.status))
      throw refuse('compensate', id, record.status, 'running, compensating or parked');
    const refusal = pm.compensationRefusal?.(record.state) ?? null;
    if (refusal)
      throw invalidState(`cannot compensate saga ${id}: ${refusal}`, { id, status: record.status });
    await moveCommands(trx, pm.name, record.instanceId, ['held'], { status: 'cancelled' });
    uow.put({ ...record, status: pm.status(record.state), error: null, failedCommandId: null });
    const input: SagaInput<CompensationForced> = {
      id: newId(),
      type: COMPENSATION_FORCED,
      data: { actor: request.actor, reason: request.reason ?? null },
      at: new Date(),
      position: null,
    };
    const detail: OperatorStepDetail = {
      action: 'compensate',
      reason: request.reason ?? null,
      previousError: record.error,
    };
    uow.apply(record.instanceId, input, { kind: 'operator', detail, actor: request.actor });
    return uow.decided(record.instanceId);
  });
}

/**
 * Aborts an open saga: status `aborted` (terminal), its pending and held commands cancelled,
 * its timers cancelled; later events are still logged and folded, but nothing is decided.
 * Risk: whatever the saga had done stays as it is — reserved stock stays reserved, a requested
 * or confirmed payment is not voided, the order may stay pending — and a command already handed
 * to a dispatcher may still be sent. Prefer {@link compensateSaga}; abort is for sagas whose
 * effects an operator settles by hand. Recorded as an `operator` step.
 * @throws OrderflowError NOT_FOUND, INVALID_STATE (already terminal), VALIDATION_FAILED.
 */
export function abortSaga(
  db: Knex,
  id: string,
  request: OperatorRequest,
  managers: ProcessManagerRegistry = processManagers,
): Promise<OperatorOutcome> {
  return runInstanceAction(db, id, request, managers, async (trx, uow, record, pm) => {
    if (TERMINAL_STATUSES.includes(record.status))
      throw refuse('abort', id, record.status, 'running, compensating or parked');
    const cancelled = await moveCommands(trx, pm.name, record.instanceId, ['pending', 'held'], {
      status: 'cancelled',
    });
    uow.put({ ...record, status: 'aborted' });
    uow.log({
      instanceId: record.instanceId,
      kind: 'operator',
      detail: {
        action: 'abort',
        reason: request.reason ?? null,
        statusBefore: record.status,
        cancelledCommands: cancelled,
      },
      position: null,
      actor: request.actor,
    });
    return [];
  });
}
