/**
 * uPlot options that follow the dashboard's theme and its one date format: colours are read
 * from styles.css' custom properties when the chart draws (UPlotChart re-creates the chart when
 * the theme changes), and time axes are labelled by lib/format.ts instead of uPlot's US default.
 */
import type uPlot from 'uplot';
import { formatAxisTimes, formatTime, type TimeFormatOptions } from './format.ts';

/** A stroke that takes the CSS custom property `name` (e.g. `--chart-1`) of the chart's element. */
export const cssColour =
  (name: string) =>
  (u: uPlot): string =>
    getComputedStyle(u.root).getPropertyValue(name).trim() || 'gray';

/** The x axis of a time series: theme colours, tick labels in the locale's format. */
export function timeAxis(options: TimeFormatOptions = {}): uPlot.Axis {
  return {
    ...themedAxis(),
    values: (_u, splits, _axis, _space, increment) => formatAxisTimes(splits, increment, options),
  };
}

/** A y (or any) axis in the theme's colours; `axis` adds or overrides the rest. */
export function themedAxis(axis: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: cssColour('--muted'),
    grid: { stroke: cssColour('--line'), width: 1 },
    ticks: { stroke: cssColour('--line'), width: 1 },
    ...axis,
  };
}

/** The x series of a time chart: the legend shows the hovered time in the one date format. */
export const timeSeries = (options: TimeFormatOptions = {}): uPlot.Series => ({
  value: (_u, v) => (v == null ? '–' : formatTime(v * 1000, options)),
});
