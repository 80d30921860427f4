import { useEffect, useState } from 'react';
import { subscribe } from '../api/live.ts';
import { LOW_STOCK, STOCK_ALERTS, type LowStock, type StockAlertPush } from '../api/stock-queries.ts';
import { useGql } from '../hooks/useGql.ts';
import { belowThreshold, mergeAlerts, type AlertsBySku } from '../lib/low-stock.ts';

/**
 * The SKUs below their low-stock threshold, live: `lowStock` once, then every `stockAlerts` push
 * (subscribed first, so nothing between the two is missed; {@link mergeAlerts} orders them by
 * position).
 */
export function LowStockPage() {
  const [alerts, setAlerts] = useState<AlertsBySku>(new Map());
  const [liveError, setLiveError] = useState<string | null>(null);
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    const unsubscribe = subscribe<StockAlertPush>(
      STOCK_ALERTS,
      {},
      (data) => {
        setLiveError(null);
        setAlerts((current) => mergeAlerts(current, [data.stockAlerts]));
      },
      setLiveError,
    );
    setSubscribed(true);
    return unsubscribe;
  }, []);
  const { data, error, loading } = useGql<LowStock>(LOW_STOCK, {}, !subscribed);
  useEffect(() => {
    if (data) setAlerts((current) => mergeAlerts(current, data.lowStock));
  }, [data]);
  const rows = belowThreshold(alerts);
  return (
    <main className="low-stock-page">
      <h1>Low stock</h1>
      {loading ? <p className="count-notes">loading…</p> : null}
      {error || liveError ? (
        <p className="error" role="alert">
          {error ? `${error.code}: ${error.message}` : liveError}
        </p>
      ) : null}
      <p data-testid="low-stock-count">
        {rows.length === 1 ? '1 SKU' : `${rows.length} SKUs`} below threshold
      </p>
      <table data-testid="low-stock">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Available</th>
            <th>Threshold</th>
            <th>Short by</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.sku}>
              <td>{r.sku}</td>
              <td>{r.available}</td>
              <td>{r.threshold}</td>
              <td>{r.short}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
