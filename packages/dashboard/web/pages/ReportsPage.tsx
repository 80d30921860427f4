import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { HOURLY_REPORTS, type HourlyReports } from '../api/report-queries.ts';
import { ReportCharts } from '../components/ReportCharts.tsx';
import { useGql } from '../hooks/useGql.ts';
import { formatDuration, formatHour, formatMoney } from '../lib/format.ts';
import { dayRange, topSellers } from '../lib/reports.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The hourly reports of one UTC day (`?day=YYYY-MM-DD`, default today; `?country=`): orders and
 * revenue, refunds and shipping times per hour as charts, the day's totals, fulfilment times
 * and the best sellers.
 */
export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const day = params.get('day') ?? today();
  const country = params.get('country') ?? '';
  const range = useMemo(() => dayRange(day), [day]);
  const { data, error, loading } = useGql<HourlyReports>(HOURLY_REPORTS, {
    ...range,
    country: country || null,
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const totals = new Map<string, { confirmed: number; revenue: number; refunds: number }>();
  for (const r of data?.hourlySales ?? []) {
    const t = totals.get(r.currency) ?? { confirmed: 0, revenue: 0, refunds: 0 };
    totals.set(r.currency, {
      confirmed: t.confirmed + r.confirmed,
      revenue: t.revenue + r.revenue,
      refunds: t.refunds + r.refunds,
    });
  }
  const refundCount = (data?.hourlySales ?? []).reduce((n, r) => n + r.refundCount, 0);
  const placed = (data?.hourlySales ?? []).reduce((n, r) => n + r.placed, 0);
  const sellers = topSellers(data?.hourlyFulfilment ?? []);
  return (
    <main className="reports-page">
      <h1>Reports</h1>
      <div className="filters">
        <label>
          Day (UTC)
          <input type="date" value={day} onChange={(e) => set('day', e.target.value)} />
        </label>
        <label>
          Shipping country
          <input value={country} placeholder="all" onChange={(e) => set('country', e.target.value)} />
        </label>
        {loading ? <span className="count-notes">loading…</span> : null}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      ) : null}
      <p data-testid="report-totals">
        {placed} orders placed
        {[...totals].map(
          ([currency, t]) => ` · ${t.confirmed} confirmed, ${formatMoney(t.revenue, currency)}`,
        )}
        {refundCount > 0
          ? ` · ${refundCount} refund(s)${[...totals]
              .filter(([, t]) => t.refunds > 0)
              .map(([currency, t]) => `, ${formatMoney(t.refunds, currency)}`)
              .join('')}`
          : ''}
      </p>
      <ReportCharts rows={data?.hourlySales ?? []} fulfilment={data?.hourlyFulfilment ?? []} range={range} />
      <h2>Best sellers</h2>
      <table data-testid="top-sellers">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Units confirmed</th>
          </tr>
        </thead>
        <tbody>
          {sellers.map((s) => (
            <tr key={s.sku}>
              <td className="mono">{s.sku}</td>
              <td>{s.units}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Fulfilment per hour</h2>
      <table data-testid="fulfilment">
        <thead>
          <tr>
            <th>Hour (UTC)</th>
            <th>Confirmed</th>
            <th>Created → confirmed P50</th>
            <th>P95</th>
            <th>Shipped</th>
            <th>Confirmed → shipped P50</th>
            <th>P95</th>
            <th>Payment failures</th>
          </tr>
        </thead>
        <tbody>
          {(data?.hourlyFulfilment ?? []).map((h) => (
            <tr key={h.hour}>
              <td className="mono">{formatHour(h.hour, { timeZone: 'UTC' })}</td>
              <td>{h.confirmed}</td>
              <td>{formatDuration(h.fulfilmentP50Ms)}</td>
              <td>{formatDuration(h.fulfilmentP95Ms)}</td>
              <td>{h.shipped}</td>
              <td>{formatDuration(h.shippingP50Ms)}</td>
              <td>{formatDuration(h.shippingP95Ms)}</td>
              <td>{h.paymentFailureRate == null ? '–' : `${(h.paymentFailureRate * 100).toFixed(1)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
