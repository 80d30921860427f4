import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../hooks/useTheme.ts';

/** The width inside `element`'s padding: what the plot may take without overflowing it. */
function innerWidth(element: HTMLElement): number {
  const style = getComputedStyle(element);
  return Math.max(0, element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

/**
 * A uPlot chart that fills its container's width: created once per `options` (series, axes),
 * fed new `data` in place (no re-creation on live updates), resized with the container, and
 * re-created when the theme changes (colours come from CSS custom properties, see
 * lib/chart-theme.ts).
 */
export function UPlotChart(props: {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
  label: string;
}) {
  const { options, data, height = 200, label } = props;
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;
  const theme = useTheme();

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const plot = new uPlot(
      { ...options, width: innerWidth(element) || 600, height },
      latest.current,
      element,
    );
    chart.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: innerWidth(element), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [options, height, theme]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={container} role="img" aria-label={label} data-theme-drawn={theme} />;
}
