import type { IImageGeometry } from './geometry';

/** No ROI at a pixel. */
export const NO_ROI = -1;

/**
 * Which ROI each pixel shows, from a page of `image_mask` values
 * (`[roi, x, y]`, C order): the ROI of largest positive weight, so
 * overlapping ROIs each keep the pixels where they dominate.
 */
export function labelsFromImageMasks(
  masks: ArrayLike<number>,
  rois: number,
  geometry: IImageGeometry
): Int32Array {
  const pixels = geometry.rows * geometry.cols;
  const labels = new Int32Array(pixels).fill(NO_ROI);
  const best = new Float64Array(pixels);
  for (let r = 0; r < rois; r++) {
    const base = r * pixels;
    for (let p = 0; p < pixels; p++) {
      const w = masks[base + p];
      if (w > best[p]) {
        best[p] = w;
        labels[p] = r;
      }
    }
  }
  return labels;
}

/** One `pixel_mask` (or `voxel_mask`) entry: `[x, y, weight]` or `[x, y, z, weight]`. */
export type MaskEntry = ArrayLike<number>;

/**
 * Labels from ragged `pixel_mask` entries: `ends[r]` is the end (exclusive,
 * counted from the first entry given) of ROI `r`'s entries, as in the
 * table's `pixel_mask_index`. Entries outside the picture are counted, not
 * drawn, so the caller can say how many fell off it.
 */
export function labelsFromPixelMasks(
  entries: MaskEntry[],
  ends: ArrayLike<number>,
  geometry: IImageGeometry
): { labels: Int32Array; outside: number } {
  const labels = new Int32Array(geometry.rows * geometry.cols).fill(NO_ROI);
  const best = new Float64Array(labels.length);
  let outside = 0;
  let start = 0;
  for (let r = 0; r < ends.length; r++) {
    const end = Number(ends[r]);
    for (let i = start; i < end; i++) {
      const e = entries[i];
      const x = Number(e[0]);
      const y = Number(e[1]);
      const w = Number(e[e.length - 1]);
      if (x < 0 || y < 0 || x >= geometry.rows || y >= geometry.cols) {
        outside++;
        continue;
      }
      const p = x * geometry.cols + y;
      if (w > best[p] || labels[p] === NO_ROI) {
        best[p] = w;
        labels[p] = r;
      }
    }
    start = end;
  }
  return { labels, outside };
}

/** Picture size that holds every entry (when no reference image gives one). */
export function extentOf(entries: MaskEntry[]): IImageGeometry {
  let rows = 0;
  let cols = 0;
  for (const e of entries) {
    rows = Math.max(rows, Number(e[0]) + 1);
    cols = Math.max(cols, Number(e[1]) + 1);
  }
  return { rows, cols, colors: 1 };
}

/** A distinct, stable colour per ROI (golden-angle hues), as RGB bytes. */
export function roiColor(roi: number): [number, number, number] {
  const hue = (roi * 137.508) % 360;
  // HSL with s = 0.9, l = 0.55, to RGB.
  const s = 0.9;
  const l = 0.55;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * Paint ROI labels over a gray background (RGBA, modified in place): ROI
 * pixels blend their colour at `alpha`, the rest keep the background;
 * labels count from table row `firstRoi`.
 */
export function paintLabels(
  background: Uint8ClampedArray,
  labels: Int32Array,
  firstRoi = 0,
  alpha = 0.6
): Uint8ClampedArray {
  for (let p = 0; p < labels.length; p++) {
    const r = labels[p];
    if (r === NO_ROI) {
      continue;
    }
    // Colours by table row, so a ROI keeps its colour from page to page.
    const [cr, cg, cb] = roiColor(firstRoi + r);
    const o = p * 4;
    background[o] = background[o] * (1 - alpha) + cr * alpha;
    background[o + 1] = background[o + 1] * (1 - alpha) + cg * alpha;
    background[o + 2] = background[o + 2] * (1 - alpha) + cb * alpha;
    background[o + 3] = 255;
  }
  return background;
}

/**
 * ROIs read per page so one read holds at most `maxValues` mask values
 * (a 512 × 512 plane: 64 ROIs in 16 M values), and at least one ROI.
 */
export function roisPerPage(
  geometry: IImageGeometry,
  total: number,
  maxValues: number
): number {
  const per = Math.floor(maxValues / (geometry.rows * geometry.cols));
  return Math.max(1, Math.min(total, per));
}
