import type { Knex } from 'knex';
import { parseHourRange } from '../hourly-sales/hours.ts';
import { percentile } from './histogram.ts';
import type { SkuHour } from './row.ts';
import {
  HOURLY_FULFILMENT_TABLE,
  HOURLY_FULFILMENT_TIMES_TABLE,
  HOURLY_SHIPPING_TIMES_TABLE,
  HOURLY_SKU_SALES_TABLE,
} from './schema.ts';

/** How many best sellers an hour of {@link hourlyFulfilment} lists. */
export const TOP_SKUS_PER_HOUR = 20;

/**
 * One hour of the hourly-fulfilment report, about the orders placed in it (UTC). Times are
 * created → confirmed in ms, read from a log-scale histogram: within 4.4 % of the exact
 * percentile (see `histogram.ts`); null without confirmed orders. `paymentFailureRate` is
 * failed / requested (0..1), null when no payment was requested. `shipped` counts the hour's
 * orders shipped so far; `shippingP50Ms`/`shippingP95Ms` are their confirmed → shipped times
 * (same histogram and bound), null without shipments.
 */
export interface HourlyFulfilmentRow {
  readonly hour: string;
  readonly confirmed: number;
  readonly fulfilmentP50Ms: number | null;
  readonly fulfilmentP95Ms: number | null;
  readonly shipped: number;
  readonly shippingP50Ms: number | null;
  readonly shippingP95Ms: number | null;
  readonly paymentsRequested: number;
  readonly paymentsFailed: number;
  readonly paymentFailureRate: number | null;
  /** At most {@link TOP_SKUS_PER_HOUR} SKUs by units confirmed, most first (ties by SKU). */
  readonly topSkus: readonly Omit<SkuHour, 'hour'>[];
}

/**
 * The hourly-fulfilment report from `from` to `to` (hours, see `parseHourRange`; `to`
 * exclusive), oldest hour first; only hours with a confirmation or a payment. Four queries.
 * @throws OrderflowError VALIDATION_FAILED for malformed or too wide bounds.
 */
export async function hourlyFulfilment(
  db: Knex,
  filter: { readonly from: string; readonly to: string },
): Promise<HourlyFulfilmentRow[]> {
  const { from, to } = parseHourRange(filter.from, filter.to);
  const inRange = (q: Knex.QueryBuilder) => q.where('hour', '>=', from).andWhere('hour', '<', to);
  const [hours, times, shipTimes, skus] = (await Promise.all([
    db(HOURLY_FULFILMENT_TABLE).modify(inRange).orderBy('hour'),
    db(HOURLY_FULFILMENT_TIMES_TABLE).modify(inRange),
    db(HOURLY_SHIPPING_TIMES_TABLE).modify(inRange),
    db
      .select('hour', 'sku', 'units', 'orders')
      .from(
        db(HOURLY_SKU_SALES_TABLE)
          .modify(inRange)
          .select('*', db.raw('row_number() OVER (PARTITION BY hour ORDER BY units DESC, sku) AS rank'))
          .as('ranked'),
      )
      .where('rank', '<=', TOP_SKUS_PER_HOUR)
      .orderBy(['hour', 'rank']),
  ])) as [
    {
      hour: string;
      confirmed: string;
      shipped: string;
      payments_requested: string;
      payments_failed: string;
    }[],
    { hour: string; bucket: number; orders: string }[],
    { hour: string; bucket: number; orders: string }[],
    { hour: string; sku: string; units: string; orders: string }[],
  ];
  const byHour = (rows: { hour: string; bucket: number; orders: string }[]) => {
    const out = new Map<string, { bucket: number; count: number }[]>();
    for (const t of rows)
      out.set(t.hour, [...(out.get(t.hour) ?? []), { bucket: t.bucket, count: Number(t.orders) }]);
    return out;
  };
  const histograms = byHour(times);
  const shipping = byHour(shipTimes);
  const top = new Map<string, Omit<SkuHour, 'hour'>[]>();
  for (const s of skus)
    top.set(s.hour, [
      ...(top.get(s.hour) ?? []),
      { sku: s.sku, units: Number(s.units), orders: Number(s.orders) },
    ]);
  return hours.map((h) => {
    const requested = Number(h.payments_requested);
    const failed = Number(h.payments_failed);
    const histogram = histograms.get(h.hour) ?? [];
    return {
      hour: h.hour,
      confirmed: Number(h.confirmed),
      fulfilmentP50Ms: percentile(histogram, 50),
      fulfilmentP95Ms: percentile(histogram, 95),
      shipped: Number(h.shipped),
      shippingP50Ms: percentile(shipping.get(h.hour) ?? [], 50),
      shippingP95Ms: percentile(shipping.get(h.hour) ?? [], 95),
      paymentsRequested: requested,
      paymentsFailed: failed,
      paymentFailureRate: requested === 0 ? null : failed / requested,
      topSkus: top.get(h.hour) ?? [],
    };
  });
}
