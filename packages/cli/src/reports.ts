import { validationFailed } from '@orderflow/core';
import { ORDER_CANCELLATION_REASONS } from '@orderflow/domain';
import {
  hourlyFulfilment,
  hourlySales,
  MAX_REPORT_HOURS,
  parseHourRange,
  type HourlyFulfilmentRow,
  type HourlySalesRow,
} from '@orderflow/projections';
import { stringify } from 'csv-stringify/sync';
import type { Knex } from 'knex';

/** Options of `orderflow reports export`. */
export interface ExportOptions {
  readonly from: string;
  readonly to: string;
  readonly report?: string;
  readonly format?: string;
}

const REPORTS = ['sales', 'fulfilment'] as const;
const HOUR_MS = 3_600_000;

/** The CSV columns of the sales report; amounts (revenue, discount, refunds) are minor units of `currency`. */
const salesColumns = [
  'hour',
  'country',
  'currency',
  'placed',
  'confirmed',
  'units',
  'revenue',
  'discount',
  'cancelled',
  ...ORDER_CANCELLATION_REASONS.map((r) => `cancelled_${r.toLowerCase()}`),
  'refunds',
  'refund_count',
];
const salesRecord = (r: HourlySalesRow) => [
  r.hour,
  r.country,
  r.currency,
  r.placed,
  r.confirmed,
  r.units,
  r.revenue,
  r.discount,
  r.cancelled,
  ...ORDER_CANCELLATION_REASONS.map((reason) => r.cancellations[reason] ?? 0),
  r.refunds,
  r.refundCount,
];

/** The CSV columns of the fulfilment report; `top_skus` is `SKU=units` pairs joined by `;`. */
const fulfilmentColumns = [
  'hour',
  'confirmed',
  'fulfilment_p50_ms',
  'fulfilment_p95_ms',
  'shipped',
  'shipping_p50_ms',
  'shipping_p95_ms',
  'payments_requested',
  'payments_failed',
  'payment_failure_rate',
  'top_skus',
];
const fulfilmentRecord = (r: HourlyFulfilmentRow) => [
  r.hour,
  r.confirmed,
  r.fulfilmentP50Ms ?? '',
  r.fulfilmentP95Ms ?? '',
  r.shipped,
  r.shippingP50Ms ?? '',
  r.shippingP95Ms ?? '',
  r.paymentsRequested,
  r.paymentsFailed,
  r.paymentFailureRate ?? '',
  r.topSkus.map((s) => `${s.sku}=${s.units}`).join(';'),
];

/**
 * `orderflow reports export --from ISO --to ISO [--report sales|fulfilment] [--format csv]`:
 * writes the hourly report (default sales) from the hour `from` (inclusive) to `to`
 * (exclusive) as RFC 4180 CSV with a header line (csv-stringify), oldest hour first. Any range
 * length: it is read 31 days at a time.
 * @throws OrderflowError VALIDATION_FAILED for bad bounds, an unknown report or format.
 */
export async function exportReportCommand(
  db: Knex,
  options: ExportOptions,
  write: (chunk: string) => void = (chunk) => process.stdout.write(chunk),
): Promise<void> {
  const report = options.report ?? 'sales';
  if (!(REPORTS as readonly string[]).includes(report))
    throw validationFailed(`--report must be one of ${REPORTS.join(', ')}`, { field: 'report' });
  if ((options.format ?? 'csv') !== 'csv')
    throw validationFailed('--format must be csv', { field: 'format' });
  const range = parseHourRange(options.from, options.to, Number.POSITIVE_INFINITY);
  write(stringify([report === 'sales' ? salesColumns : fulfilmentColumns]));
  const end = Date.parse(range.to);
  for (let at = Date.parse(range.from); at < end; at += MAX_REPORT_HOURS * HOUR_MS) {
    const chunk = {
      from: new Date(at).toISOString(),
      to: new Date(Math.min(end, at + MAX_REPORT_HOURS * HOUR_MS)).toISOString(),
    };
    const records =
      report === 'sales'
        ? (await hourlySales(db, chunk)).map(salesRecord)
        : (await hourlyFulfilment(db, chunk)).map(fulfilmentRecord);
    if (records.length > 0) write(stringify(records));
  }
}
