import type { IGroupPsth } from '../spikes/psth';
import type { IRaster, RasterRenderer } from '../spikes/rasterPoints';
import { colorFor } from './palette';

/**
 * Plotly traces and layout of a trial-aligned raster (top) above the PSTH
 * of each group with its SEM band (bottom), sharing the time axis.
 */
export function psthFigure(
  raster: IRaster,
  psths: IGroupPsth[],
  edges: ArrayLike<number>,
  colors: string[],
  theme: Record<string, unknown>,
  renderer: RasterRenderer = 'svg'
): { data: unknown[]; layout: Record<string, unknown> } {
  const centers = Array.from(
    { length: edges.length - 1 },
    (_, b) => (edges[b] + edges[b + 1]) / 2
  );
  const data: unknown[] = [];
  raster.traces.forEach((trace, g) => {
    data.push({
      type: renderer === 'webgl' ? 'scattergl' : 'scatter',
      mode: 'markers',
      x: trace.x,
      y: trace.y,
      name: trace.label,
      legendgroup: trace.label,
      showlegend: false,
      marker: rasterMarker(
        raster.groupStarts[raster.groupStarts.length - 1],
        colorFor(colors, g)
      ),
      hoverinfo: 'x',
      xaxis: 'x',
      yaxis: 'y'
    });
  });
  psths.forEach((psth, g) => {
    data.push(...meanSemTraces(psth, centers, colorFor(colors, g), 'y2'));
  });
  const axis = theme.xaxis as Record<string, unknown>;
  const rows = raster.groupStarts[raster.groupStarts.length - 1];
  return {
    data,
    layout: {
      ...theme,
      margin: { l: 60, r: 10, t: 10, b: 40 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.12 },
      xaxis: {
        ...axis,
        title: { text: 'time from event (s)' },
        anchor: 'y2',
        range: [edges[0], edges[edges.length - 1]]
      },
      yaxis: {
        ...axis,
        domain: [0.45, 1],
        title: { text: 'trials' },
        range: [rows - 0.5, -0.5],
        zeroline: false
      },
      yaxis2: {
        ...axis,
        domain: [0, 0.4],
        title: { text: 'rate (spikes/s)' },
        rangemode: 'tozero'
      },
      shapes: [eventLine(axis.linecolor)]
    }
  };
}

/**
 * A group's mean line and its ± SEM band (a filled closed path) at `x`, on
 * the y axis `yaxis`: the PSTH's and the trial-aligned series' curves.
 */
export function meanSemTraces(
  group: {
    label: string;
    mean: ArrayLike<number>;
    sem: ArrayLike<number>;
    n: number;
  },
  x: readonly number[],
  color: string,
  yaxis: string
): Record<string, unknown>[] {
  const upper = x.map((_, b) => group.mean[b] + group.sem[b]);
  const lower = x.map((_, b) => group.mean[b] - group.sem[b]);
  return [
    {
      type: 'scatter',
      mode: 'lines',
      x: [...x, ...x.slice().reverse()],
      y: [...upper, ...lower.reverse()],
      fill: 'toself',
      fillcolor: color,
      opacity: 0.2,
      line: { width: 0 },
      hoverinfo: 'skip',
      legendgroup: group.label,
      showlegend: false,
      xaxis: 'x',
      yaxis
    },
    {
      type: 'scatter',
      mode: 'lines',
      x,
      y: Array.from(group.mean),
      name: `${group.label} (${group.n})`,
      legendgroup: group.label,
      line: { width: 2, color },
      xaxis: 'x',
      yaxis
    }
  ];
}

/** The dotted vertical line at the alignment event (t = 0) of a PSTH. */
export function eventLine(color: unknown): Record<string, unknown> {
  return {
    type: 'line',
    xref: 'x',
    yref: 'paper',
    x0: 0,
    x1: 0,
    y0: 0,
    y1: 1,
    line: { width: 1, dash: 'dot', color }
  };
}

/** Tick height in pixels so a few hundred rows still read as a raster. */
export function rowMarkerSize(rows: number): number {
  return Math.max(2, Math.min(10, Math.round(300 / Math.max(rows, 1))));
}

/**
 * A vertical tick per spike. `scattergl` draws the same open line symbol
 * (from its signed distance field) as SVG `scatter`, from the line colour.
 */
export function rasterMarker(
  rows: number,
  color: string
): Record<string, unknown> {
  return {
    symbol: 'line-ns-open',
    size: rowMarkerSize(rows),
    color,
    line: { width: 1, color }
  };
}

/** The status line: spikes, what was drawn and how. */
export function rasterStatus(
  raster: { total: number; shown: number },
  renderer: RasterRenderer,
  webgl: boolean,
  row: string
): string {
  const parts: string[] = [];
  if (raster.shown < raster.total) {
    parts.push(`${raster.shown} drawn: one per pixel per ${row}`);
  }
  if (renderer === 'webgl') {
    parts.push('WebGL');
  } else if (!webgl && raster.shown < raster.total) {
    parts.push('SVG: WebGL unavailable');
  }
  return `${raster.total} spikes${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
