/** Values sampled at most to choose the contrast (a stride over the picture). */
const SAMPLE = 65536;

/**
 * Display range of a picture: its 0.5th and 99.5th percentiles of finite
 * values, so a few hot or dead pixels do not wash the picture out (the
 * defaults of most microscopy viewers). A flat picture gets a unit range
 * around its value, so it draws mid-gray rather than nothing.
 */
export function autoContrast(values: ArrayLike<number>): [number, number] {
  const stride = Math.max(1, Math.floor(values.length / SAMPLE));
  const kept: number[] = [];
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i];
    if (Number.isFinite(v)) {
      kept.push(v);
    }
  }
  if (kept.length === 0) {
    return [0, 1];
  }
  const sorted = Float64Array.from(kept).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  const lo = at(0.005);
  const hi = at(0.995);
  return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
}

/** Numbers from what HDF5 returned (bigint columns become numbers). */
export function toNumbers(values: unknown): Float64Array {
  if (values instanceof Float64Array) {
    return values;
  }
  const list = values as ArrayLike<number | bigint | boolean>;
  return Float64Array.from({ length: list.length }, (_, i) => Number(list[i]));
}

/** Whether an h5wasm dtype (`<B`, `|u1`, `uint8`) is an unsigned byte. */
export const isByteType = (dtype: string | undefined): boolean =>
  /^[<>|=]?(B|u1)$|^uint8$/.test(dtype ?? '');

/**
 * Display range of a stored picture: colour pictures of bytes as stored
 * (0–255, so their colours are the camera's), anything else from its values.
 */
export function pictureRange(
  values: ArrayLike<number>,
  colors: number,
  dtype: string | undefined
): [number, number] {
  return colors > 1 && isByteType(dtype) ? [0, 255] : autoContrast(values);
}
