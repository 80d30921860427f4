import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import { SAGA_STATUSES, type SagaStatus } from '../runtime/process-manager.ts';
import { SAGA_SEARCH_KEYS } from '../runtime/tables.ts';

/** The statuses a saga can be stuck in. */
export const OPEN_STATUSES: readonly SagaStatus[] = ['running', 'compensating', 'parked'];

/** Most characters of a search. */
export const MAX_SEARCH_LENGTH = 200;

/** Which sagas a list or a batch action is about; every filter given must hold. */
export interface SagaFilter {
  readonly status?: SagaStatus | null;
  /** The process manager's name, e.g. `order-fulfillment`. */
  readonly type?: string | null;
  /**
   * A saga id (`<saga>:<instanceId>`), an instance id, or a value the saga is searched by — an
   * order id, customer id or SKU (exact match, see `SagaOverview.searchKeys`).
   */
  readonly search?: string | null;
  /** Only open sagas (running, compensating, parked) with no change for at least this many seconds. */
  readonly stuckForSeconds?: number | null;
  /** Only sagas (of any status) with no change for at least this many seconds. */
  readonly idleForSeconds?: number | null;
  /** Only sagas created at least this many seconds ago. */
  readonly minAgeSeconds?: number | null;
  /** Only sagas created at most this many seconds ago. */
  readonly maxAgeSeconds?: number | null;
}

type SecondsField = 'stuckForSeconds' | 'idleForSeconds' | 'minAgeSeconds' | 'maxAgeSeconds';

/**
 * The `where` of `filter` on `saga_instances` (a knex `modify` callback), validated first.
 * A search is one lookup of the `saga_search_keys` primary key (plus the `<saga>:<id>` form).
 * @throws OrderflowError VALIDATION_FAILED (`details.field`) for an unknown status, a negative
 *   or non-numeric number of seconds, or a search longer than {@link MAX_SEARCH_LENGTH}.
 */
export function sagaFilter(db: Knex, filter: SagaFilter): (q: Knex.QueryBuilder) => void {
  if (filter.status && !SAGA_STATUSES.includes(filter.status))
    throw validationFailed(`status must be one of ${SAGA_STATUSES.join(', ')}`, { field: 'status' });
  const seconds = (field: SecondsField) => {
    const value = filter[field];
    if (value != null && !(Number.isFinite(value) && value >= 0))
      throw validationFailed(`${field} must be a number >= 0`, { field });
    return value ?? null;
  };
  const stuck = seconds('stuckForSeconds');
  const idle = seconds('idleForSeconds');
  const minAge = seconds('minAgeSeconds');
  const maxAge = seconds('maxAgeSeconds');
  if (filter.search != null && typeof filter.search !== 'string')
    throw validationFailed('search must be a string', { field: 'search' });
  const search = filter.search?.trim() || null;
  if (search && search.length > MAX_SEARCH_LENGTH)
    throw validationFailed(`search must be at most ${MAX_SEARCH_LENGTH} characters`, { field: 'search' });
  const ago = (secs: number) => db.raw('now() - make_interval(secs => ?)', [secs]);
  return (q) => {
    if (filter.type) q.where('saga', filter.type);
    if (filter.status) q.where('status', filter.status);
    if (stuck != null) {
      q.whereIn('status', OPEN_STATUSES);
      q.where('updated_at', '<', ago(stuck));
    }
    if (idle != null) q.where('updated_at', '<', ago(idle));
    if (minAge != null) q.where('created_at', '<=', ago(minAge));
    if (maxAge != null) q.where('created_at', '>=', ago(maxAge));
    if (search) {
      const colon = search.indexOf(':');
      q.where((w) => {
        w.whereIn(
          ['saga', 'instance_id'],
          db(SAGA_SEARCH_KEYS).select('saga', 'instance_id').where('key', search),
        );
        if (colon > 0) w.orWhere({ saga: search.slice(0, colon), instance_id: search.slice(colon + 1) });
      });
    }
  };
}
