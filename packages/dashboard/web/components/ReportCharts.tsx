import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { HourlyFulfilmentRow, HourlySalesRow } from '../api/report-queries.ts';
import { cssColour, themedAxis, timeAxis, timeSeries } from '../lib/chart-theme.ts';
import { formatDuration, formatMoney } from '../lib/format.ts';
import { salesSeries, shippingSeries } from '../lib/reports.ts';
import { UPlotChart } from './UPlotChart.tsx';

type Options = Omit<uPlot.Options, 'width' | 'height'>;

const CURRENCY_COLORS = ['--chart-2', '--chart-1', '--chart-3', '--chart-4', '--muted'];
/**
 * A y scale from 0 to at least `floor`, so a flat day does not show ticks of 0.001, with
 * `headroom` (a share of the top value) so that points on it are drawn whole.
 */
const fromZero = (floor: number, headroom = 0): uPlot.Scales => ({
  y: { range: (_u, _min, max) => [0, Math.max(floor, max * (1 + headroom))] },
});
// The reports count whole UTC hours: their axes and legends say UTC times, not local ones.
const UTC = { timeZone: 'UTC' } as const;

const ordersOptions: Options = {
  title: 'Orders per hour (UTC, by placing time)',
  series: [
    timeSeries(UTC),
    { label: 'placed', stroke: cssColour('--chart-1'), width: 2 },
    { label: 'confirmed', stroke: cssColour('--chart-2'), width: 2 },
  ],
  axes: [timeAxis(UTC), themedAxis({ label: 'orders' })],
  scales: fromZero(1),
};

const durationSeries = (label: string, colour: string): uPlot.Series => ({
  label,
  stroke: cssColour(colour),
  width: 2,
  spanGaps: true,
  points: { show: true, size: 5 },
  value: (_u, v) => formatDuration(v),
});

// Hours without a shipment have no time: points show lone values, spanGaps joins them.
const shippingOptions: Options = {
  title: 'Shipping time per hour (confirmed → shipped)',
  series: [timeSeries(UTC), durationSeries('p50', '--chart-5'), durationSeries('p95', '--chart-4')],
  axes: [
    timeAxis(UTC),
    themedAxis({ label: 'duration', size: 70, values: (_u, ticks) => ticks.map((v) => formatDuration(v)) }),
  ],
  scales: fromZero(1000, 0.1),
};

/** A chart of one amount per currency and hour (minor units), labelled in that currency. */
function moneyOptions(title: string, label: string, currencies: readonly string[]): Options {
  return {
    title,
    series: [
      timeSeries(UTC),
      ...currencies.map((currency, i) => ({
        label: currency,
        stroke: cssColour(CURRENCY_COLORS[i % CURRENCY_COLORS.length]!),
        width: 2,
        value: (_u: uPlot, v: number | null) => (v == null ? '–' : formatMoney(v, currency)),
      })),
    ],
    axes: [
      timeAxis(UTC),
      themedAxis({
        label,
        size: 80,
        values: (_u, ticks) =>
          ticks.map((v) => (currencies.length === 1 ? formatMoney(v, currencies[0]!) : String(v))),
      }),
    ],
    // One major unit (e.g. £1.00) at least: minor units of a quiet hour are no scale.
    scales: fromZero(100),
  };
}

/**
 * The Reports page's charts per hour of `range`: orders placed/confirmed, revenue per currency,
 * refunds per currency (by the hour the refunded orders were placed) and the confirmed → shipped
 * P50/P95.
 */
export function ReportCharts(props: {
  rows: readonly HourlySalesRow[];
  fulfilment: readonly HourlyFulfilmentRow[];
  range: { from: string; to: string };
}) {
  const { rows, fulfilment, range } = props;
  const series = useMemo(() => salesSeries(rows, range), [rows, range]);
  const shipping = useMemo(() => shippingSeries(fulfilment, range), [fulfilment, range]);
  const currencies = useMemo(() => [...series.revenue.keys()].sort(), [series]);
  // A chart with no series would have nothing to draw: refunds without any show GBP's zeros.
  const refundCurrencies = useMemo(() => {
    const found = [...series.refunds.keys()].sort();
    return found.length ? found : [currencies[0] ?? 'GBP'];
  }, [series, currencies]);
  const revenueOptions = useMemo(
    () => moneyOptions('Revenue of confirmed orders per hour', 'revenue', currencies),
    [currencies],
  );
  const refundOptions = useMemo(
    () => moneyOptions('Refunds per hour (by placing time of the order)', 'refunded', refundCurrencies),
    [refundCurrencies],
  );
  const zeros = series.x.map(() => 0);
  const orders: uPlot.AlignedData = [series.x, series.placed, series.confirmed];
  const revenue: uPlot.AlignedData = [series.x, ...currencies.map((c) => series.revenue.get(c)!)];
  const refunds: uPlot.AlignedData = [
    series.x,
    ...refundCurrencies.map((c) => series.refunds.get(c) ?? zeros),
  ];
  const shipped: uPlot.AlignedData = [shipping.x, shipping.p50, shipping.p95];
  return (
    <section className="charts" data-testid="report-charts">
      <UPlotChart options={ordersOptions} data={orders} label="Orders placed and confirmed per hour" />
      <UPlotChart options={revenueOptions} data={revenue} label="Revenue per hour and currency" />
      <UPlotChart options={refundOptions} data={refunds} label="Refunds per hour and currency" />
      <UPlotChart options={shippingOptions} data={shipped} label="Shipping time percentiles per hour" />
    </section>
  );
}
