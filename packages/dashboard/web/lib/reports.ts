import type { HourlyFulfilmentRow, HourlySalesRow } from '../api/report-queries.ts';

const HOUR_MS = 3_600_000;

/** The UTC day `day` (`YYYY-MM-DD`) as report bounds: its first hour and the next day's. */
export function dayRange(day: string): { from: string; to: string } {
  const start = Date.parse(`${day}T00:00:00Z`);
  return { from: new Date(start).toISOString(), to: new Date(start + 24 * HOUR_MS).toISOString() };
}

/** The hours of a range as uPlot's x values (seconds), and the index of an ISO hour in them. */
function hourAxis(range: { from: string; to: string }) {
  const start = Date.parse(range.from);
  const hours = Math.round((Date.parse(range.to) - start) / HOUR_MS);
  const x = Array.from({ length: hours }, (_, i) => (start + i * HOUR_MS) / 1000);
  const indexOf = (hour: string) => {
    const i = Math.round((Date.parse(hour) - start) / HOUR_MS);
    return i >= 0 && i < hours ? i : null;
  };
  return { x, hours, indexOf };
}

/**
 * Per hour of `from` … `to` (every hour, 0 where nothing happened): orders placed and confirmed
 * and refunds made on them (all countries and currencies), revenue and refunded amounts per
 * currency in minor units. `x` is in seconds, as uPlot takes time.
 */
export function salesSeries(
  rows: readonly HourlySalesRow[],
  range: { from: string; to: string },
): {
  x: number[];
  placed: number[];
  confirmed: number[];
  refundCount: number[];
  revenue: Map<string, number[]>;
  refunds: Map<string, number[]>;
} {
  const { x, hours, indexOf } = hourAxis(range);
  const zeros = () => new Array<number>(hours).fill(0);
  const [placed, confirmed, refundCount] = [zeros(), zeros(), zeros()];
  const revenue = new Map<string, number[]>();
  const refunds = new Map<string, number[]>();
  const add = (byCurrency: Map<string, number[]>, currency: string, i: number, amount: number) => {
    const series = byCurrency.get(currency) ?? zeros();
    series[i]! += amount;
    byCurrency.set(currency, series);
  };
  for (const r of rows) {
    const i = indexOf(r.hour);
    if (i === null) continue;
    placed[i]! += r.placed;
    confirmed[i]! += r.confirmed;
    refundCount[i]! += r.refundCount;
    add(revenue, r.currency, i, r.revenue);
    if (r.refundCount > 0) add(refunds, r.currency, i, r.refunds);
  }
  return { x, placed, confirmed, refundCount, revenue, refunds };
}

/**
 * Confirmed → shipped P50 and P95 (ms) per hour of `from` … `to`, by the hour the orders were
 * placed; null for an hour without a shipment (the chart leaves a gap there).
 */
export function shippingSeries(
  hours: readonly HourlyFulfilmentRow[],
  range: { from: string; to: string },
): { x: number[]; p50: (number | null)[]; p95: (number | null)[] } {
  const axis = hourAxis(range);
  const p50 = new Array<number | null>(axis.hours).fill(null);
  const p95 = new Array<number | null>(axis.hours).fill(null);
  for (const h of hours) {
    const i = axis.indexOf(h.hour);
    if (i === null || h.shipped === 0) continue;
    p50[i] = h.shippingP50Ms;
    p95[i] = h.shippingP95Ms;
  }
  return { x: axis.x, p50, p95 };
}

/**
 * The best sellers of a range, most units first (ties by SKU), at most `first`: the sum over
 * its hours of each hour's top 20, so a SKU outside an hour's top 20 misses that hour's units.
 */
export function topSellers(
  hours: readonly HourlyFulfilmentRow[],
  first = 20,
): { sku: string; units: number }[] {
  const units = new Map<string, number>();
  for (const h of hours) for (const s of h.topSkus) units.set(s.sku, (units.get(s.sku) ?? 0) + s.units);
  return [...units]
    .map(([sku, n]) => ({ sku, units: n }))
    .sort((a, b) => b.units - a.units || a.sku.localeCompare(b.sku))
    .slice(0, first);
}
