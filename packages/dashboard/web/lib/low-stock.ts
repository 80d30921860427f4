import type { StockAlertRow } from '../api/stock-queries.ts';

/** The latest alert seen per SKU, raised or cleared, whichever came from the later event. */
export type AlertsBySku = ReadonlyMap<string, StockAlertRow>;

/**
 * `current` with `rows` merged in: a row replaces the SKU's entry only when its `position` is
 * later, so a push that overtook the `lowStock` answer (or a stale answer after a push) never
 * brings back an alert that was cleared, nor hides one raised again.
 */
export function mergeAlerts(current: AlertsBySku, rows: readonly StockAlertRow[]): AlertsBySku {
  const next = new Map(current);
  for (const row of rows) {
    const seen = next.get(row.sku);
    if (!seen || BigInt(row.position) > BigInt(seen.position)) next.set(row.sku, row);
  }
  return next;
}

/** The SKUs below their threshold, by SKU, with how many units they are short of it. */
export function belowThreshold(alerts: AlertsBySku): Array<StockAlertRow & { short: number }> {
  return [...alerts.values()]
    .filter((a) => a.low)
    .map((a) => ({ ...a, short: a.threshold - a.available }))
    .sort((a, b) => a.sku.localeCompare(b.sku));
}
