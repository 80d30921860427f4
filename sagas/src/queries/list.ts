import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import { SAGA_STATUSES, type SagaStatus } from '../runtime/process-manager.ts';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { decodeCursor, encodeCursor, pageSize, type SagaPage } from './cursor.ts';
import { SUMMARY_COLUMNS, toSummary, type SagaSummary, type SummaryRow } from './views.ts';

/** The statuses a saga can be stuck in. */
export const OPEN_STATUSES: readonly SagaStatus[] = ['running', 'compensating', 'parked'];

/** Filters and page of {@link listSagas}. */
export interface ListSagasInput {
  readonly status?: SagaStatus | null;
  /** The process manager's name, e.g. `order-fulfillment`. */
  readonly type?: string | null;
  /** Only open sagas (running, compensating, parked) with no change for at least this many seconds. */
  readonly stuckForSeconds?: number | null;
  /** Only sagas created at least this many seconds ago. */
  readonly minAgeSeconds?: number | null;
  /** Only sagas created at most this many seconds ago. */
  readonly maxAgeSeconds?: number | null;
  /** Page size, 0..500. Default 20. */
  readonly first?: number | null;
  /** The `endCursor` of the previous page. */
  readonly after?: string | null;
}

/**
 * Saga instances, newest first, as a cursor connection. Keyset paging on `seq` (indexes `seq`
 * and `(status, seq)`; the saga type, `updated_at` (stuck) and `created_at` (age) filter the
 * rows those find — open instances are few, and `updated_at` is left unindexed so that the
 * runtime's updates stay HOT; see migration 0104).
 * @throws OrderflowError VALIDATION_FAILED (`details.field`) for an unknown status, a negative
 *   stuckForSeconds, minAgeSeconds or maxAgeSeconds, a bad page size or cursor.
 */
export async function listSagas(db: Knex, input: ListSagasInput = {}): Promise<SagaPage<SagaSummary>> {
  const first = pageSize(input.first);
  if (input.status && !SAGA_STATUSES.includes(input.status))
    throw validationFailed(`status must be one of ${SAGA_STATUSES.join(', ')}`, { field: 'status' });
  const seconds = (field: 'stuckForSeconds' | 'minAgeSeconds' | 'maxAgeSeconds') => {
    const value = input[field];
    if (value != null && !(Number.isFinite(value) && value >= 0))
      throw validationFailed(`${field} must be a number >= 0`, { field });
    return value ?? null;
  };
  const stuck = seconds('stuckForSeconds');
  const minAge = seconds('minAgeSeconds');
  const maxAge = seconds('maxAgeSeconds');
  const ago = (secs: number) => db.raw('now() - make_interval(secs => ?)', [secs]);
  const after = input.after ? decodeCursor(input.after) : null;

  const base = db(SAGA_INSTANCES).modify((q) => {
    if (input.type) q.where('saga', input.type);
    if (input.status) q.where('status', input.status);
    if (stuck != null) {
      q.whereIn('status', OPEN_STATUSES);
      q.where('updated_at', '<', ago(stuck));
    }
    if (minAge != null) q.where('created_at', '<=', ago(minAge));
    if (maxAge != null) q.where('created_at', '>=', ago(maxAge));
  });
  const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: string }];
  const rows = (
    first === 0
      ? []
      : await base
          .clone()
          .select(SUMMARY_COLUMNS)
          .modify((q) => {
            if (after) q.where('seq', '<', after);
          })
          .orderBy('seq', 'desc')
          .limit(first + 1)
  ) as SummaryRow[];
  const page = rows.slice(0, first);
  return {
    totalCount: Number(count),
    edges: page.map((r) => ({ cursor: encodeCursor(r.seq), node: toSummary(r) })),
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: page.length ? encodeCursor(page.at(-1)!.seq) : null,
    },
  };
}
