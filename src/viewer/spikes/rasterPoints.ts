/**
 * Raster plot data: one scatter trace per group, one row per trial or
 * unit. An SVG scatter slows down beyond a few tens of thousands of
 * markers and WebGL beyond a few million, so dense rasters keep one spike
 * per pixel column per row — which draws the same picture.
 */
export interface IRasterRows {
  readonly label: string;
  /** Spike times of each row of the group, drawn top to bottom. */
  readonly rows: readonly ArrayLike<number>[];
}

export interface IRasterTrace {
  readonly label: string;
  readonly x: Float64Array;
  /** Row number (0 = first row of the first group). */
  readonly y: Float64Array;
}

export interface IRaster {
  readonly traces: IRasterTrace[];
  /** Spikes in the rows. */
  readonly total: number;
  /** Markers drawn (fewer than `total` when decimated). */
  readonly shown: number;
  /** Row at which each group starts, then the total number of rows. */
  readonly groupStarts: number[];
}

export interface IRasterOptions {
  /** Time span of the x axis. */
  readonly t0: number;
  readonly t1: number;
  /** Horizontal pixels of the plot. */
  readonly pixels: number;
  /** Draw every spike up to this many; beyond, one per pixel per row. */
  readonly budget: number;
}

export function rasterTraces(
  groups: readonly IRasterRows[],
  options: IRasterOptions
): IRaster {
  const total = groups.reduce(
    (sum, g) => sum + g.rows.reduce((n, r) => n + r.length, 0),
    0
  );
  const decimate = total > options.budget;
  const scale = options.pixels / Math.max(options.t1 - options.t0, 1e-12);
  const traces: IRasterTrace[] = [];
  const groupStarts: number[] = [];
  let row = 0;
  let shown = 0;
  for (const group of groups) {
    groupStarts.push(row);
    const x: number[] = [];
    const y: number[] = [];
    for (const spikes of group.rows) {
      let lastPixel = -Infinity;
      for (let i = 0; i < spikes.length; i++) {
        const t = spikes[i];
        if (decimate) {
          const pixel = Math.floor((t - options.t0) * scale);
          if (pixel === lastPixel) {
            continue;
          }
          lastPixel = pixel;
        }
        x.push(t);
        y.push(row);
      }
      row++;
    }
    shown += x.length;
    traces.push({
      label: group.label,
      x: Float64Array.from(x),
      y: Float64Array.from(y)
    });
  }
  groupStarts.push(row);
  return { traces, total, shown, groupStarts };
}

export type RasterRenderer = 'svg' | 'webgl';

/**
 * SVG while the markers stay within its budget (crisp screenshots and
 * exports), WebGL beyond when the browser has it; without WebGL, SVG of
 * a raster decimated to `svgBudget` (see `rasterBudget`).
 */
export function rasterRenderer(
  shown: number,
  svgBudget: number,
  webgl: boolean
): RasterRenderer {
  return webgl && shown > svgBudget ? 'webgl' : 'svg';
}

/** Markers drawn undecimated: many more when WebGL can take them. */
export function rasterBudget(
  webgl: boolean,
  budgets: { readonly svg: number; readonly webgl: number }
): number {
  return webgl ? budgets.webgl : budgets.svg;
}
