import { OrderflowError, validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import { SAGA_INSTANCES } from '../runtime/tables.ts';

/** A saga instance's key: the process manager's name and the instance id (e.g. the order id). */
export interface SagaKey {
  readonly saga: string;
  readonly instanceId: string;
}

/** The public id of a saga instance: `<saga>:<instanceId>`, e.g. `order-fulfillment:3f…`. */
export const sagaId = (key: SagaKey): string => `${key.saga}:${key.instanceId}`;

/**
 * The key of `id`: `<saga>:<instanceId>`, or a bare instance id when exactly one saga has it.
 * @returns null when no saga instance has that id.
 * @throws OrderflowError VALIDATION_FAILED for an empty id, or a bare id several sagas share.
 */
export async function findSagaKey(db: Knex, id: string): Promise<SagaKey | null> {
  const trimmed = typeof id === 'string' ? id.trim() : '';
  if (!trimmed) throw validationFailed('a saga id is required', { field: 'id' });
  const colon = trimmed.indexOf(':');
  const query = db(SAGA_INSTANCES).select('saga', 'instance_id').limit(2);
  if (colon > 0) query.where({ saga: trimmed.slice(0, colon), instance_id: trimmed.slice(colon + 1) });
  else query.where({ instance_id: trimmed });
  const rows = (await query) as Array<{ saga: string; instance_id: string }>;
  if (rows.length > 1) {
    throw validationFailed(`several sagas have instance ${trimmed}; use <saga>:<instanceId>`, {
      field: 'id',
      sagas: rows.map((r) => r.saga),
    });
  }
  return rows[0] ? { saga: rows[0].saga, instanceId: rows[0].instance_id } : null;
}

/** Like {@link findSagaKey}, but @throws OrderflowError NOT_FOUND when there is no such saga. */
export async function requireSagaKey(db: Knex, id: string): Promise<SagaKey> {
  const key = await findSagaKey(db, id);
  if (!key) throw new OrderflowError('NOT_FOUND', `saga ${id} does not exist`, { id });
  return key;
}
