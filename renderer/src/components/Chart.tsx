// A uPlot time series chart that follows its container's width and the theme's colors.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';

export interface ChartProps {
  title: string;
  ts: number[];
  series: { label: string; values: number[]; color: string }[];
  format: (value: number) => string;
  height?: number;
}

export function Chart({ title, ts, series, format, height = 160 }: ChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((entry) => entry.label).join('|');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const axisColor = getComputedStyle(element).color;
    const chart = new uPlot(
      {
        width: element.clientWidth || 300,
        height,
        legend: { show: true },
        axes: [
          { stroke: axisColor, grid: { stroke: 'rgba(128,128,128,0.2)' } },
          { stroke: axisColor, grid: { stroke: 'rgba(128,128,128,0.2)' }, size: 70, values: (_u, values) => values.map((value) => format(value)) },
        ],
        series: [{}, ...series.map((entry) => ({ label: entry.label, stroke: entry.color, width: 2, value: (_u: uPlot, value: number | null) => (value === null ? '–' : format(value)) }))],
      },
      [[], ...series.map(() => [])],
      element,
    );
    plot.current = chart;
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height })) : null;
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuild only when the set of series changes; data updates go through setData below.
  }, [labels, height]);

  useEffect(() => {
    plot.current?.setData([ts, ...series.map((entry) => entry.values)]);
  }, [ts, series]);

  const last = series.map((entry) => `${entry.label} ${entry.values.length ? format(entry.values[entry.values.length - 1]!) : 'no data'}`).join(', ');
  return (
    <figure className="card chart">
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={`${title}: ${last}`} />
    </figure>
  );
}
