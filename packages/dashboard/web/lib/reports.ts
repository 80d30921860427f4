import type { HourlyFulfilmentRow, HourlySalesRow } from '../api/report-queries.ts';

const HOUR_MS = 3_600_000;

/** The UTC day `day` (`YYYY-MM-DD`) as report bounds: its first hour and the next day's. */
export function dayRange(day: string): { from: string; to: string } {
  const start = Date.parse(`${day}T00:00:00Z`);
  return { from: new Date(start).toISOString(), to: new Date(start + 24 * HOUR_MS).toISOString() };
}

/**
 * Per hour of `from` … `to` (every hour, 0 where nothing happened): orders placed and confirmed
 * (all countries and currencies) and revenue per currency in minor units. `x` is in seconds,
 * as uPlot takes time.
 */
export function salesSeries(
  rows: readonly HourlySalesRow[],
  range: { from: string; to: string },
): { x: number[]; placed: number[]; confirmed: number[]; revenue: Map<string, number[]> } {
  const start = Date.parse(range.from);
  const hours = Math.round((Date.parse(range.to) - start) / HOUR_MS);
  const x = Array.from({ length: hours }, (_, i) => (start + i * HOUR_MS) / 1000);
  const placed = new Array<number>(hours).fill(0);
  const confirmed = new Array<number>(hours).fill(0);
  const revenue = new Map<string, number[]>();
  for (const r of rows) {
    const i = Math.round((Date.parse(r.hour) - start) / HOUR_MS);
    if (i < 0 || i >= hours) continue;
    placed[i]! += r.placed;
    confirmed[i]! += r.confirmed;
    const series = revenue.get(r.currency) ?? new Array<number>(hours).fill(0);
    series[i]! += r.revenue;
    revenue.set(r.currency, series);
  }
  return { x, placed, confirmed, revenue };
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
