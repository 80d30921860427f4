import type { StockAlertChange } from '@orderflow/projections';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { listen, type Listener } from './listen.ts';
import { notifyAll } from './notify.ts';

/** Postgres NOTIFY channel of low-stock alerts raised and cleared, for every API process. */
export const STOCK_ALERT_CHANNEL = 'orderflow_stock_alerts';

type Wire = [sku: string, low: boolean, available: number, threshold: number, position: string, at: string];

/**
 * Sends `alerts` on {@link STOCK_ALERT_CHANNEL}, one notification per alert (alerts are rare:
 * one per threshold crossing), after the stock-alerts batch committed. Best effort: an error is
 * logged (subscribers then miss that push; `lowStock` still answers).
 */
export async function notifyStockAlerts(
  db: Knex,
  alerts: readonly StockAlertChange[],
  logger: Logger,
): Promise<void> {
  const payloads = alerts.map((a) =>
    JSON.stringify([
      a.sku,
      a.low,
      a.available,
      a.threshold,
      a.position.toString(),
      a.at.toISOString(),
    ] satisfies Wire),
  );
  await notifyAll(db, STOCK_ALERT_CHANNEL, payloads, logger, 'stock alerts');
}

/** Listens on {@link STOCK_ALERT_CHANNEL} and hands every alert heard to `onAlert`. */
export function listenStockAlerts(
  db: Knex,
  onAlert: (alert: StockAlertChange) => void,
  logger: Logger,
): Listener {
  return listen(
    db,
    STOCK_ALERT_CHANNEL,
    (payload) => {
      try {
        const [sku, low, available, threshold, position, at] = JSON.parse(payload) as Wire;
        onAlert({ sku, low, available, threshold, position: BigInt(position), at: new Date(at) });
      } catch (err) {
        logger.warn({ err }, 'unreadable stock alert notification');
      }
    },
    logger,
  );
}
