import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import type { DailySalesRow } from './row.ts';
import { DAILY_SALES_TABLE } from './schema.ts';

/** Filters of {@link dailySales}: an inclusive day range (`YYYY-MM-DD`) and a country. */
export interface DailySalesFilter {
  readonly from?: string | null;
  readonly to?: string | null;
  readonly country?: string | null;
  /** At most this many rows, 1..1000 (default 100). */
  readonly first?: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Rows of the daily-sales report, newest day first, then by revenue.
 * @throws OrderflowError VALIDATION_FAILED for a malformed day or `first`.
 */
export async function dailySales(db: Knex, filter: DailySalesFilter = {}): Promise<DailySalesRow[]> {
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (value != null && (!DAY.test(value) || Number.isNaN(Date.parse(value))))
      throw validationFailed(`${field} must be a day as YYYY-MM-DD`, { field });
  }
  const first = filter.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > 1000)
    throw validationFailed('first must be an integer from 1 to 1000', { field: 'first' });
  const rows = await db(DAILY_SALES_TABLE)
    .modify((q) => {
      if (filter.from) q.where('day', '>=', filter.from);
      if (filter.to) q.where('day', '<=', filter.to);
      if (filter.country) q.where('country', filter.country);
    })
    .orderBy([{ column: 'day', order: 'desc' }, { column: 'revenue', order: 'desc' }, { column: 'country' }])
    .limit(first);
  return rows.map(
    (r: {
      day: Date;
      country: string;
      currency: string;
      orders: string;
      units: string;
      revenue: string;
    }) => ({
      day: r.day,
      country: r.country,
      currency: r.currency,
      orders: Number(r.orders),
      units: Number(r.units),
      revenue: Number(r.revenue),
    }),
  );
}
