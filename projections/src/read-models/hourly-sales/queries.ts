import type { OrderCancellationReason } from '@orderflow/domain';
import type { Knex } from 'knex';
import { parseHourRange } from './hours.ts';
import { hourlySalesKey, type HourlySalesRow } from './row.ts';
import { HOURLY_CANCELLATIONS_TABLE, HOURLY_SALES_TABLE } from './schema.ts';

/** Filters of {@link hourlySales}: ISO-8601 hour bounds (`from` inclusive, `to` exclusive), a country. */
export interface HourlySalesFilter {
  readonly from: string;
  readonly to: string;
  readonly country?: string | null;
}

type Counted = Record<
  'placed' | 'confirmed' | 'units' | 'revenue' | 'discount' | 'cancelled' | 'refunds' | 'refund_count',
  string
> & { hour: string; country: string; currency: string };

/**
 * Rows of the hourly-sales report for orders placed from `from` to `to` (hours, see
 * `parseHourRange`), oldest hour first, then by country and currency. Two indexed queries.
 * @throws OrderflowError VALIDATION_FAILED for malformed or too wide bounds.
 */
export async function hourlySales(db: Knex, filter: HourlySalesFilter): Promise<HourlySalesRow[]> {
  const { from, to } = parseHourRange(filter.from, filter.to);
  const inRange = (q: Knex.QueryBuilder) => {
    q.where('hour', '>=', from).andWhere('hour', '<', to);
    if (filter.country) q.andWhere('country', filter.country);
  };
  const [counted, cancelled] = await Promise.all([
    db<Counted>(HOURLY_SALES_TABLE).modify(inRange).orderBy(['hour', 'country', 'currency']),
    db(HOURLY_CANCELLATIONS_TABLE).modify(inRange).orderBy('reason') as Promise<
      { hour: string; country: string; currency: string; reason: OrderCancellationReason; orders: string }[]
    >,
  ]);
  const reasons = new Map<string, Partial<Record<OrderCancellationReason, number>>>();
  for (const c of cancelled) {
    const key = hourlySalesKey(c);
    reasons.set(key, { ...reasons.get(key), [c.reason]: Number(c.orders) });
  }
  return (counted as Counted[]).map((r) => ({
    hour: r.hour,
    country: r.country,
    currency: r.currency,
    placed: Number(r.placed),
    confirmed: Number(r.confirmed),
    units: Number(r.units),
    revenue: Number(r.revenue),
    discount: Number(r.discount),
    cancelled: Number(r.cancelled),
    cancellations: reasons.get(hourlySalesKey(r)) ?? {},
    refunds: Number(r.refunds),
    refundCount: Number(r.refund_count),
  }));
}
