import type { Knex } from 'knex';
import { overviewOf } from '../runtime/overview.ts';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { processManagers, type ProcessManagerRegistry } from '../registry.ts';
import { pageSize, type SagaPage } from './cursor.ts';
import { sagaFilter, type SagaFilter } from './filter.ts';
import {
  applySort,
  decodeSortCursor,
  encodeSortCursor,
  resolveSort,
  sortKeyColumn,
  type SagaSort,
} from './sort.ts';
import { SUMMARY_COLUMNS, toSummary, type SagaSummary, type SummaryRow } from './views.ts';

export { OPEN_STATUSES, MAX_SEARCH_LENGTH, type SagaFilter } from './filter.ts';
export type { SagaOrderBy, SagaSort, SortDirection } from './sort.ts';

/** Filters, order and page of {@link listSagas}. */
export interface ListSagasInput extends SagaFilter, SagaSort {
  /** Page size, 0..500. Default 20. */
  readonly first?: number | null;
  /** The `endCursor` of the previous page (of the same order). */
  readonly after?: string | null;
}

/**
 * Saga instances as a cursor connection, each with its overview (order, customer, total,
 * outcome, current step: `SagaSummary.overview`, by its process manager in `managers`).
 * Newest first by default — keyset paging on `seq` (indexes `seq` and `(status, seq)`; the saga
 * type, `updated_at` (stuck, idle) and `created_at` (age) filter the rows those find — open
 * instances are few, and `updated_at` is left unindexed so that the runtime's updates stay
 * HOT; see migration 0104). `orderBy: created_at` pages on `(created_at, seq)`; `updated_at`
 * sorts the matching rows (no index, for the same reason). A search is one primary-key lookup
 * of `saga_search_keys` (migration 0105).
 * @throws OrderflowError VALIDATION_FAILED (`details.field`) for a bad filter (see
 *   `sagaFilter`), order, page size or cursor.
 */
export async function listSagas(
  db: Knex,
  input: ListSagasInput = {},
  managers: ProcessManagerRegistry = processManagers,
): Promise<SagaPage<SagaSummary>> {
  const first = pageSize(input.first);
  const where = sagaFilter(db, input);
  const sort = resolveSort(input);
  const after = input.after ? decodeSortCursor(sort.orderBy, input.after) : null;
  const base = db(SAGA_INSTANCES).modify(where);
  const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: string }];
  const rows = (
    first === 0
      ? []
      : await base
          .clone()
          .select([...SUMMARY_COLUMNS, 'state', sortKeyColumn(db, sort.orderBy)])
          .modify((q) => applySort(db, q, sort, after))
          .limit(first + 1)
  ) as Array<SummaryRow & { state: unknown; sort_micros: string | null }>;
  const page = rows.slice(0, first);
  const cursor = (r: (typeof rows)[number]) =>
    encodeSortCursor(sort.orderBy, { seq: r.seq, micros: r.sort_micros });
  return {
    totalCount: Number(count),
    edges: page.map((r) => ({
      cursor: cursor(r),
      node: { ...toSummary(r), overview: overviewOf(managers, r.saga, r.state) },
    })),
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: page.length ? cursor(page.at(-1)!) : null,
    },
  };
}
