/**
 * Plotly props of a raster grid: one subplot per cell (rows × columns of
 * two trials columns), each a trial-aligned raster of its trials, with the
 * column values above and the row values at the left. Pure: no DOM.
 */
import { rasterTraces } from '../spikes/rasterPoints';
import type { ITrialGrid } from '../spikes/trialGrid';
import { eventLine, rasterMarker } from '../views/psthPlot';

export interface IRasterGridSettings {
  readonly pre: number;
  readonly post: number;
  /** Names of the columns, shown with their values ('' for none). */
  readonly rowColumn: string;
  readonly columnColumn: string;
  /** Width of the whole plot in pixels (for decimation). */
  readonly pixels: number;
  /** Markers drawn before each cell keeps one spike per pixel per trial. */
  readonly budget: number;
}

/** Pixels left of the grid for the row values. */
const LABEL_WIDTH = 64;

/** Gap between subplots, as a fraction of the plot. */
const GAP = 0.02;

/** `x`, `x2`, … : plotly's name of the k-th axis (0-based). */
export const axisName = (k: number, letter: 'x' | 'y') =>
  k === 0 ? letter : `${letter}${k + 1}`;

/** The `[from, to]` domain of slot `i` of `n` along one side. */
export function slotDomain(i: number, n: number, gap = GAP): [number, number] {
  const size = 1 / n;
  return [
    i * size + (i > 0 ? gap / 2 : 0),
    (i + 1) * size - (i < n - 1 ? gap / 2 : 0)
  ];
}

export interface IRasterGridFigure {
  data: unknown[];
  layout: Record<string, unknown>;
  /** Spikes in the cells' windows, and markers drawn. */
  total: number;
  shown: number;
}

export function rasterGridFigure(
  grid: ITrialGrid,
  aligned: readonly ArrayLike<number>[],
  settings: IRasterGridSettings,
  color: string,
  theme: Record<string, unknown>
): IRasterGridFigure {
  const rows = grid.rowLabels.length;
  const columns = grid.columnLabels.length;
  const axis = theme.xaxis as Record<string, unknown>;
  const data: unknown[] = [];
  const layout: Record<string, unknown> = {
    ...theme,
    margin: { l: LABEL_WIDTH + 24, r: 10, t: 44, b: 40 },
    showlegend: false
  };
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  const cellPixels = Math.max(1, Math.round(settings.pixels / columns));
  const cellBudget = Math.max(
    1,
    Math.floor(settings.budget / grid.cells.length)
  );
  let total = 0;
  let shown = 0;
  grid.cells.forEach((cell, k) => {
    const x = axisName(k, 'x');
    const y = axisName(k, 'y');
    const raster = rasterTraces(
      [{ label: '', rows: cell.trials.map(t => aligned[t]) }],
      {
        t0: settings.pre,
        t1: settings.post,
        pixels: cellPixels,
        budget: cellBudget
      }
    );
    total += raster.total;
    shown += raster.shown;
    const trace = raster.traces[0];
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: trace.x,
      y: trace.y,
      marker: rasterMarker(Math.max(cell.trials.length, 1) * rows, color),
      hoverinfo: 'x',
      xaxis: x,
      yaxis: y
    });
    // Rows are drawn top to bottom, so the first row gets the top slot.
    const yDomain = slotDomain(rows - 1 - cell.row, rows);
    const xDomain = slotDomain(cell.column, columns);
    const bottom = cell.row === rows - 1;
    layout[`xaxis${k === 0 ? '' : k + 1}`] = {
      ...axis,
      domain: xDomain,
      anchor: y,
      range: [settings.pre, settings.post],
      showticklabels: bottom,
      title:
        bottom && cell.column === 0
          ? { text: 'time from event (s)' }
          : undefined
    };
    layout[`yaxis${k === 0 ? '' : k + 1}`] = {
      ...axis,
      domain: yDomain,
      anchor: x,
      range: [Math.max(cell.trials.length, 1) - 0.5, -0.5],
      showticklabels: false,
      zeroline: false
    };
    shapes.push({ ...eventLine(axis.linecolor), xref: x, yref: `${y} domain` });
    annotations.push({
      xref: `${x} domain`,
      yref: `${y} domain`,
      x: 1,
      y: 1,
      xanchor: 'right',
      yanchor: 'top',
      showarrow: false,
      font: { size: 9 },
      text: `${cell.trials.length} trials · ${raster.total} spikes`
    });
  });
  // Each column's value above it, each row's value at its left (short, so
  // they do not overlap); each column's name once, above and at the left.
  grid.columnLabels.forEach((label, c) => {
    const [from, to] = slotDomain(c, columns);
    annotations.push({
      xref: 'paper',
      yref: 'paper',
      x: (from + to) / 2,
      y: 1,
      yanchor: 'bottom',
      showarrow: false,
      text: label
    });
  });
  grid.rowLabels.forEach((label, r) => {
    const [from, to] = slotDomain(rows - 1 - r, rows);
    annotations.push({
      xref: 'paper',
      yref: 'paper',
      x: 0,
      xanchor: 'right',
      xshift: -4,
      y: (from + to) / 2,
      showarrow: false,
      text: label
    });
  });
  if (settings.columnColumn) {
    annotations.push({
      xref: 'paper',
      yref: 'paper',
      x: 0.5,
      y: 1,
      yanchor: 'bottom',
      yshift: 18,
      showarrow: false,
      font: { size: 12 },
      text: settings.columnColumn
    });
  }
  if (settings.rowColumn) {
    annotations.push({
      xref: 'paper',
      yref: 'paper',
      x: 0,
      xanchor: 'right',
      xshift: -LABEL_WIDTH,
      y: 0.5,
      textangle: -90,
      showarrow: false,
      font: { size: 12 },
      text: settings.rowColumn
    });
  }
  layout.annotations = annotations;
  layout.shapes = shapes;
  return { data, layout, total, shown };
}
