/**
 * A driftmap image → what the drawing needs: RGBA pixels through viridis
 * over a robust colour range, where the image lies inside the plot's axes,
 * and the axes' ranges.
 */
import { viridis } from '../images/colormap';
import { autoContrast } from '../images/contrast';
import type { IImagePlace } from './glImage';
import type { DriftAggregate, DriftImage } from './driftImage';

export interface IDriftPicture {
  readonly rgba: Uint8ClampedArray;
  readonly cols: number;
  readonly rows: number;
  /** Colour range (values of the aggregate). */
  readonly lo: number;
  readonly hi: number;
  readonly xRange: [number, number];
  readonly yRange: [number, number];
  /** The image inside the plot area (fractions; it may extend past the axes). */
  readonly place: IImagePlace;
}

/**
 * `xRange`/`yRange` given (a window or a zoom) are kept; otherwise the
 * axes span the spikes binned (the image's grid may be wider after growing).
 */
export function driftPicture(
  image: DriftImage,
  aggregate: DriftAggregate,
  xRange?: [number, number],
  yRange?: [number, number]
): IDriftPicture {
  const { time, depth, seen } = image;
  const cols = time.bins;
  const rows = depth.bins;
  const values = image.values(aggregate);
  const [lo, hi] = colourRange(values);
  const gridX: [number, number] = [
    time.origin,
    time.origin + cols * time.width
  ];
  const gridY: [number, number] = [
    depth.origin,
    depth.origin + rows * depth.width
  ];
  const x = xRange ?? spanOr([seen.t0, seen.t1], gridX);
  const y = yRange ?? spanOr([seen.d0, seen.d1], gridY);
  const fx = (v: number) => (v - x[0]) / (x[1] - x[0]);
  const fy = (v: number) => (v - y[0]) / (y[1] - y[0]);
  return {
    rgba: viridisRgba(values, lo, hi),
    cols,
    rows,
    lo,
    hi,
    xRange: x,
    yRange: y,
    place: {
      x0: fx(gridX[0]),
      x1: fx(gridX[1]),
      y0: fy(gridY[0]),
      y1: fy(gridY[1])
    }
  };
}

function spanOr(
  span: [number, number],
  fallback: [number, number]
): [number, number] {
  return span[1] > span[0] ? span : fallback;
}

/** Levels of the colour table: finer than any colour bar can show. */
const LEVELS = 256;
let table: Uint8Array | null = null;

/**
 * RGBA through viridis over `[lo, hi]` (clamped), empty (NaN) bins
 * transparent: a 256-level table, since an image is ~half a million bins
 * repainted several times while spikes stream in.
 */
export function viridisRgba(
  values: ArrayLike<number>,
  lo: number,
  hi: number
): Uint8ClampedArray {
  if (!table) {
    table = new Uint8Array(LEVELS * 3);
    for (let i = 0; i < LEVELS; i++) {
      table.set(viridis(i / (LEVELS - 1)), i * 3);
    }
  }
  const out = new Uint8ClampedArray(values.length * 4);
  const scale = (LEVELS - 1) / (hi > lo ? hi - lo : 1);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (Number.isNaN(v)) {
      continue;
    }
    const level = Math.max(
      0,
      Math.min(LEVELS - 1, Math.round((v - lo) * scale))
    );
    out[4 * k] = table[3 * level];
    out[4 * k + 1] = table[3 * level + 1];
    out[4 * k + 2] = table[3 * level + 2];
    out[4 * k + 3] = 255;
  }
  return out;
}

/** Bins below which percentiles mean nothing: the full range is used. */
const FEW_BINS = 200;

/**
 * The colour range: the 0.5–99.5 percentiles of the filled bins (a few
 * extreme bins do not wash the map out), or with few filled bins their
 * whole range (percentiles of a handful of values collapse onto one).
 */
export function colourRange(values: ArrayLike<number>): [number, number] {
  let filled = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (Number.isFinite(v)) {
      filled++;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (filled >= FEW_BINS) {
    return autoContrast(values);
  }
  if (filled === 0) {
    return [0, 1];
  }
  return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
}
