// One Chart.js chart on a canvas, bundled from node_modules (no CDN; Chart.js needs no inline script or
// stylesheet, so the console's strict CSP stays). Only the parts used are registered, to keep the bundle small.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

export interface ChartProps {
  id: string;
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  /** What the chart shows, for screen readers (the table beside it has the numbers). */
  label: string;
  /** Bars side by side (false) or stacked (true). */
  stacked?: boolean;
  horizontal?: boolean;
}

export function DashboardChart({ id, kind, labels, series, label, stacked = false, horizontal = false }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const data = JSON.stringify([kind, labels, series, stacked, horizontal]);
  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'bar' | 'line'> = {
      type: kind,
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color })) },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked, beginAtZero: true }, y: { stacked, beginAtZero: true } },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [data]);
  return html`<div class="qa-chart"><canvas id=${id} ref=${canvas} role="img" aria-label=${label}></canvas></div>`;
}
