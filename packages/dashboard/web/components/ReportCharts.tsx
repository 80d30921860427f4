import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { HourlySalesRow } from '../api/report-queries.ts';
import { formatMoney } from '../lib/format.ts';
import { salesSeries } from '../lib/reports.ts';
import { UPlotChart } from './UPlotChart.tsx';

const CURRENCY_COLORS = ['#16a34a', '#2563eb', '#d97706', '#db2777', '#6b7280'];
const fromZero: uPlot.Scales = { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } };

const ordersOptions: Omit<uPlot.Options, 'width' | 'height'> = {
  title: 'Orders per hour (UTC, by placing time)',
  series: [
    {},
    { label: 'placed', stroke: '#2563eb', width: 2 },
    { label: 'confirmed', stroke: '#16a34a', width: 2 },
  ],
  axes: [{}, { label: 'orders' }],
  scales: fromZero,
};

/** Orders placed/confirmed and revenue per currency, per hour of `range`. */
export function ReportCharts(props: {
  rows: readonly HourlySalesRow[];
  range: { from: string; to: string };
}) {
  const { rows, range } = props;
  const series = useMemo(() => salesSeries(rows, range), [rows, range]);
  const currencies = useMemo(() => [...series.revenue.keys()].sort(), [series]);
  const revenueOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      title: 'Revenue of confirmed orders per hour',
      series: [
        {},
        ...currencies.map((currency, i) => ({
          label: currency,
          stroke: CURRENCY_COLORS[i % CURRENCY_COLORS.length],
          width: 2,
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : formatMoney(v, currency)),
        })),
      ],
      axes: [
        {},
        {
          label: 'revenue',
          size: 80,
          values: (_u, ticks) =>
            ticks.map((v) => (currencies.length === 1 ? formatMoney(v, currencies[0]!) : String(v))),
        },
      ],
      scales: fromZero,
    }),
    [currencies],
  );
  const orders: uPlot.AlignedData = [series.x, series.placed, series.confirmed];
  const revenue: uPlot.AlignedData = [series.x, ...currencies.map((c) => series.revenue.get(c)!)];
  return (
    <section className="charts" data-testid="report-charts">
      <UPlotChart options={ordersOptions} data={orders} label="Orders placed and confirmed per hour" />
      <UPlotChart options={revenueOptions} data={revenue} label="Revenue per hour and currency" />
    </section>
  );
}
