import { invalidState, OrderflowError, validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import type { InstanceRecord } from '../runtime/advance.ts';
import type { ProcessManager } from '../runtime/process-manager.ts';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { SagaUnitOfWork } from '../runtime/unit-of-work.ts';
import { requireSagaKey } from '../queries/ids.ts';
import { SUMMARY_COLUMNS, toSummary, type SagaSummary, type SummaryRow } from '../queries/views.ts';
import type { ProcessManagerRegistry } from '../registry.ts';

/** Who asks for an operator action, and why. */
export interface OperatorRequest {
  /** Who did it, as recorded in the step log, e.g. `cli:alice` or `graphql:user-7` (1–200 characters). */
  readonly actor: string;
  /** Free text for the step log (at most 1,000 characters). */
  readonly reason?: string | null;
}

/** What an operator action did: the saga afterwards and the commands it queued. */
export interface OperatorOutcome {
  readonly saga: SagaSummary;
  readonly commandIds: readonly string[];
}

/** Runs inside the action's transaction with the locked instance; returns the commands queued. */
export type InstanceAction = (
  trx: Knex.Transaction,
  uow: SagaUnitOfWork<unknown>,
  record: InstanceRecord<unknown>,
  pm: ProcessManager<unknown>,
) => Promise<readonly string[]>;

/**
 * Validates the request, locks the instance `id` (FOR UPDATE), runs `action`, and commits its
 * changes with every command due at once (the running process manager's sweeper sends them).
 * @throws OrderflowError VALIDATION_FAILED (bad actor/reason/id), NOT_FOUND (no such saga),
 *   INVALID_STATE (no process manager of that name in this release), and what `action` throws.
 */
export async function runInstanceAction(
  db: Knex,
  id: string,
  request: OperatorRequest,
  managers: ProcessManagerRegistry,
  action: InstanceAction,
): Promise<OperatorOutcome> {
  if (typeof request.actor !== 'string' || !request.actor.trim() || request.actor.length > 200)
    throw validationFailed('actor must be 1–200 characters', { field: 'actor' });
  if (request.reason != null && (typeof request.reason !== 'string' || request.reason.length > 1000))
    throw validationFailed('reason must be at most 1,000 characters', { field: 'reason' });
  const key = await requireSagaKey(db, id);
  const pm = managers.get(key.saga) as ProcessManager<unknown> | undefined;
  if (!pm) throw invalidState(`no process manager named ${key.saga} runs in this release`, { id });
  const commandIds = await db.transaction(async (trx) => {
    const uow = new SagaUnitOfWork(trx, pm);
    await uow.lock([key.instanceId]);
    const record = uow.get(key.instanceId);
    if (!record) throw new OrderflowError('NOT_FOUND', `saga ${id} does not exist`, { id });
    const ids = await action(trx, uow, record, pm);
    await uow.commit({ leaseSeconds: 0 });
    return ids;
  });
  const row = (await db(SAGA_INSTANCES)
    .select([...SUMMARY_COLUMNS])
    .where({ saga: key.saga, instance_id: key.instanceId })
    .first()) as SummaryRow;
  return { saga: toSummary(row), commandIds };
}
