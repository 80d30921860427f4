import type { Projection } from '../../runtime/postgres/projection.ts';
import { loadStockAlertRows } from './queries.ts';
import {
  STOCK_ALERTS_EVENTS,
  evolveStockAlert,
  type StockAlertChange,
  type StockAlertRow,
  type StockAlertsEvent,
} from './row.ts';
import { STOCK_ALERTS_TABLE } from './schema.ts';

/**
 * The stock-alerts read model: each SKU's low-stock threshold and whether its alert is raised.
 * Two statements per batch at most. Returns the alerts raised and cleared, which the projector
 * publishes after the commit (`stockAlerts` subscriptions, Postgres NOTIFY across processes).
 */
export const stockAlertsProjection: Projection<StockAlertsEvent> = {
  name: 'stock-alerts',
  version: 1,
  eventTypes: STOCK_ALERTS_EVENTS,
  tables: [STOCK_ALERTS_TABLE],
  async apply(trx, events, tables) {
    const rows = await loadStockAlertRows(trx, [...new Set(events.map((e) => e.data.sku))], tables);
    const changed = new Map<string, StockAlertRow>();
    const alerts: StockAlertChange[] = [];
    for (const event of events) {
      const after = evolveStockAlert(rows.get(event.data.sku) ?? null, event);
      rows.set(after.sku, after);
      changed.set(after.sku, after);
      if (event.type !== 'StockThresholdSet')
        alerts.push({
          sku: after.sku,
          low: after.low,
          available: after.available,
          threshold: after.threshold,
          position: event.position,
          at: event.metadata.recordedAt,
        });
    }
    await trx(tables(STOCK_ALERTS_TABLE))
      .insert(
        [...changed.values()].map((r) => ({
          sku: r.sku,
          threshold: r.threshold,
          low: r.low,
          available: r.available,
          changed_at: r.changedAt,
          position: r.position.toString(),
        })),
      )
      .onConflict('sku')
      .merge();
    return alerts;
  },
};
