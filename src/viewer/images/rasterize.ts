import type { IImageGeometry } from './geometry';

/**
 * RGBA pixels of a picture for a canvas: gray pictures through the display
 * range `[lo, hi]`, colour pictures with each channel through the same
 * range; NaN pixels transparent.
 */
export function toRgba(
  values: ArrayLike<number>,
  geometry: IImageGeometry,
  lo: number,
  hi: number
): Uint8ClampedArray {
  const pixels = geometry.rows * geometry.cols;
  const out = new Uint8ClampedArray(pixels * 4);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const level = (v: number) => (v - lo) * scale;
  const colors = geometry.colors;
  for (let p = 0; p < pixels; p++) {
    const o = p * 4;
    if (colors === 1) {
      const v = values[p];
      if (Number.isNaN(v)) {
        continue;
      }
      const g = level(v);
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      out[o + 3] = 255;
    } else {
      const i = p * colors;
      out[o] = level(values[i]);
      out[o + 1] = level(values[i + 1]);
      out[o + 2] = level(values[i + 2]);
      // Alpha is a fraction of the type's full scale, not a display level.
      out[o + 3] = colors === 4 ? level(values[i + 3]) : 255;
    }
  }
  return out;
}
