import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';

/** What a saga list is ordered by: arrival (`seq`, the default), creation or last change. */
export type SagaOrderBy = 'seq' | 'created_at' | 'updated_at';

/** Ascending or descending. */
export type SortDirection = 'asc' | 'desc';

/** A list's order; ties (same time) are broken by `seq` in the same direction. */
export interface SagaSort {
  readonly orderBy?: SagaOrderBy | null;
  readonly direction?: SortDirection | null;
}

const ORDERS: readonly SagaOrderBy[] = ['seq', 'created_at', 'updated_at'];

/** A row's keyset values: `seq`, and the time column's microseconds since the epoch. */
export interface SortKey {
  readonly seq: string;
  readonly micros: string | null;
}

/** The column holding microseconds since the epoch of the sort's time column (exact: numeric). */
export const sortKeyColumn = (db: Knex, orderBy: SagaOrderBy): Knex.Raw =>
  db.raw(
    orderBy === 'seq'
      ? 'NULL::bigint AS sort_micros'
      : `(extract(epoch from ??) * 1000000)::bigint AS sort_micros`,
    orderBy === 'seq' ? [] : [orderBy],
  );

/**
 * Validates a sort.
 * @throws OrderflowError VALIDATION_FAILED (`field: 'orderBy'` or `'direction'`).
 */
export function resolveSort(sort: SagaSort): { orderBy: SagaOrderBy; direction: SortDirection } {
  const orderBy = sort.orderBy ?? 'seq';
  const direction = sort.direction ?? 'desc';
  if (!ORDERS.includes(orderBy))
    throw validationFailed(`orderBy must be one of ${ORDERS.join(', ')}`, { field: 'orderBy' });
  if (direction !== 'asc' && direction !== 'desc')
    throw validationFailed('direction must be asc or desc', { field: 'direction' });
  return { orderBy, direction };
}

/**
 * The cursor of a row in a list of `orderBy`: base64url of `s:<seq>` (arrival order, the form
 * of `encodeCursor`) or `<c|u>:<micros>:<seq>` (created_at / updated_at order).
 */
export function encodeSortCursor(orderBy: SagaOrderBy, key: SortKey): string {
  const text = orderBy === 'seq' ? `s:${key.seq}` : `${orderBy[0]}:${key.micros}:${key.seq}`;
  return Buffer.from(text).toString('base64url');
}

/**
 * The keyset inside a cursor of {@link encodeSortCursor} for a list of `orderBy`.
 * @throws OrderflowError VALIDATION_FAILED (`field: 'after'`) for anything else, or a cursor of
 *   a list in another order.
 */
export function decodeSortCursor(orderBy: SagaOrderBy, cursor: string): SortKey {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match =
    orderBy === 'seq' ? /^s:(\d{1,19})$/.exec(text) : /^([cu]):(-?\d{1,19}):(\d{1,19})$/.exec(text);
  if (!match || (orderBy !== 'seq' && match[1] !== orderBy[0]))
    throw validationFailed('after is not a cursor of this list (in this order)', { field: 'after' });
  return orderBy === 'seq' ? { seq: match[1]!, micros: null } : { seq: match[3]!, micros: match[2]! };
}

/** Adds the keyset condition "after `key`" and the order to `q`. */
export function applySort(
  db: Knex,
  q: Knex.QueryBuilder,
  sort: { orderBy: SagaOrderBy; direction: SortDirection },
  after: SortKey | null,
): void {
  const op = sort.direction === 'desc' ? '<' : '>';
  if (sort.orderBy === 'seq') {
    if (after) q.where('seq', op, after.seq);
    q.orderBy('seq', sort.direction);
    return;
  }
  if (after)
    q.whereRaw(`(??, seq) ${op} (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?::bigint)`, [
      sort.orderBy,
      after.micros,
      after.seq,
    ]);
  q.orderBy([
    { column: sort.orderBy, order: sort.direction },
    { column: 'seq', order: sort.direction },
  ]);
}
