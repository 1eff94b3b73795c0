/**
 * Plotly traces of the pooled PSTH: per group a mean line with its SEM
 * band (the single-unit PSTH's look, without its raster), and a firing-rate
 * histogram on log-spaced bins (rates span three decades).
 */
import { colorFor } from '../viewer/views/palette';
import { eventLine } from '../viewer/views/psthPlot';
import type { IPooledGroup } from './poolPsth';

type Figure = { data: unknown[]; layout: Record<string, unknown> };

export function pooledPsthFigure(
  groups: readonly IPooledGroup[],
  edges: ArrayLike<number>,
  colors: string[],
  theme: Record<string, unknown>,
  title: string
): Figure {
  const centers = Array.from(
    { length: edges.length - 1 },
    (_, b) => (edges[b] + edges[b + 1]) / 2
  );
  const data: unknown[] = [];
  groups.forEach((group, g) => {
    const color = colorFor(colors, g);
    const upper = centers.map((_, b) => group.mean[b] + group.sem[b]);
    const lower = centers.map((_, b) => group.mean[b] - group.sem[b]);
    data.push(
      {
        type: 'scatter',
        mode: 'lines',
        x: [...centers, ...centers.slice().reverse()],
        y: [...upper, ...lower.reverse()],
        fill: 'toself',
        fillcolor: color,
        opacity: 0.2,
        line: { width: 0 },
        hoverinfo: 'skip',
        legendgroup: group.label,
        showlegend: false
      },
      {
        type: 'scatter',
        mode: 'lines',
        x: centers,
        y: Array.from(group.mean),
        name: `${group.label} (${group.n} units)`,
        legendgroup: group.label,
        line: { width: 2, color }
      }
    );
  });
  const axis = theme.xaxis as Record<string, unknown>;
  return {
    data,
    layout: {
      ...theme,
      title: { text: title, font: { size: 12 } },
      // The legend below the axis title, not over it.
      margin: { l: 60, r: 10, t: 30, b: 50 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.28, yanchor: 'top' },
      xaxis: {
        ...axis,
        title: { text: 'time from event (s)' },
        range: [edges[0], edges[edges.length - 1]]
      },
      yaxis: {
        ...axis,
        title: { text: 'rate (spikes/s), mean ± SEM' },
        rangemode: 'tozero'
      },
      shapes: [eventLine(axis.linecolor)]
    }
  };
}

/** Counts of `rates` (> 0) in `bins` log-spaced bins; zero rates counted apart. */
export function logHistogram(
  rates: readonly number[],
  bins = 24
): { edges: number[]; counts: number[]; zeros: number } {
  const positive = rates.filter(r => r > 0 && Number.isFinite(r));
  const zeros = rates.filter(r => r === 0).length;
  if (positive.length === 0) {
    return { edges: [], counts: [], zeros };
  }
  // A loop, not Math.min(...rates): spreading 100k+ units' rates overflows the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const r of positive) {
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  let lo = Math.log10(min);
  let hi = Math.log10(max);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const r of positive) {
    counts[Math.min(bins - 1, Math.floor((Math.log10(r) - lo) / step))]++;
  }
  const edges = Array.from(
    { length: bins + 1 },
    (_, i) => 10 ** (lo + i * step)
  );
  return { edges, counts, zeros };
}

export function rateHistogramFigure(
  rates: readonly number[],
  color: string,
  theme: Record<string, unknown>,
  title: string
): Figure {
  const { edges, counts, zeros } = logHistogram(rates);
  // A step outline: each bin as a flat top from its left to its right edge.
  const x: number[] = [];
  const y: number[] = [];
  counts.forEach((c, b) => {
    x.push(edges[b], edges[b + 1]);
    y.push(c, c);
  });
  const axis = theme.xaxis as Record<string, unknown>;
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        x,
        y,
        fill: 'tozeroy',
        line: { color, width: 1 },
        name: 'units',
        hovertemplate: '%{y} units<extra></extra>'
      }
    ],
    layout: {
      ...theme,
      title: {
        text: zeros ? `${title} (${zeros} silent units not shown)` : title,
        font: { size: 12 }
      },
      margin: { l: 50, r: 10, t: 30, b: 40 },
      showlegend: false,
      xaxis: { ...axis, type: 'log', title: { text: 'firing rate (Hz)' } },
      yaxis: { ...axis, title: { text: 'units' }, rangemode: 'tozero' }
    }
  };
}
