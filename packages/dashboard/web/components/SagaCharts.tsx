import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { SagaBucket } from '../api/queries.ts';
import { cssColour, themedAxis, timeAxis, timeSeries } from '../lib/chart-theme.ts';
import { formatDuration } from '../lib/format.ts';
import { UPlotChart } from './UPlotChart.tsx';

const COLORS = {
  started: cssColour('--chart-1'),
  completed: cssColour('--chart-2'),
  compensated: cssColour('--chart-3'),
  aborted: cssColour('--muted'),
};

const throughputOptions: Omit<uPlot.Options, 'width' | 'height'> = {
  title: 'Throughput (sagas per bucket)',
  series: [
    timeSeries(),
    { label: 'started', stroke: COLORS.started, width: 2 },
    { label: 'completed', stroke: COLORS.completed, width: 2 },
    { label: 'compensated', stroke: COLORS.compensated, width: 2 },
    { label: 'aborted', stroke: COLORS.aborted, width: 1, dash: [4, 4] },
  ],
  axes: [timeAxis(), themedAxis({ label: 'sagas' })],
  scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
};

// Buckets without an ended saga have no duration: points show lone values, spanGaps joins them.
const durationOptions: Omit<uPlot.Options, 'width' | 'height'> = {
  title: 'Duration of the sagas that ended (created → ended)',
  series: [
    timeSeries(),
    {
      label: 'p50',
      stroke: cssColour('--chart-5'),
      width: 2,
      spanGaps: true,
      points: { show: true, size: 5 },
      value: (_u, v) => formatDuration(v),
    },
    {
      label: 'p95',
      stroke: cssColour('--chart-4'),
      width: 2,
      spanGaps: true,
      points: { show: true, size: 5 },
      value: (_u, v) => formatDuration(v),
    },
  ],
  axes: [
    timeAxis(),
    themedAxis({ label: 'duration', size: 70, values: (_u, ticks) => ticks.map((v) => formatDuration(v)) }),
  ],
  // 10 % headroom: the points of the top value are drawn whole, not cut by the plot's edge.
  scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
};

/** Throughput (started/completed/compensated/aborted) and duration (p50/p95) per time bucket. */
export function SagaCharts({ buckets }: { buckets: readonly SagaBucket[] }) {
  const [throughput, durations] = useMemo(() => {
    const x = buckets.map((b) => Date.parse(b.start) / 1000);
    return [
      [
        x,
        buckets.map((b) => b.started),
        buckets.map((b) => b.completed),
        buckets.map((b) => b.compensated),
        buckets.map((b) => b.aborted),
      ],
      [x, buckets.map((b) => b.p50DurationMs), buckets.map((b) => b.p95DurationMs)],
    ] as [uPlot.AlignedData, uPlot.AlignedData];
  }, [buckets]);
  return (
    <section className="charts" data-testid="charts">
      <UPlotChart options={throughputOptions} data={throughput} label="Sagas started and ended per bucket" />
      <UPlotChart options={durationOptions} data={durations} label="Saga duration percentiles per bucket" />
    </section>
  );
}
