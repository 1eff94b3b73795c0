/**
 * Min/max decimation: keep, for each of `buckets` equal slices of the
 * samples, the smallest and largest value in sample order. A line drawn
 * through them looks like the full-resolution trace at that pixel width
 * (spikes and artefacts survive), with at most 2 points per pixel.
 */
export interface IDecimated {
  /** Sample indices kept (ascending). */
  readonly index: Int32Array;
  readonly value: Float64Array;
}

/** `values[i * stride + offset]` for i in [0, n): one channel of row-major data. */
export function decimateMinMax(
  values: ArrayLike<number>,
  n: number,
  buckets: number,
  stride = 1,
  offset = 0
): IDecimated {
  if (n <= 2 * buckets) {
    const index = Int32Array.from({ length: n }, (_, i) => i);
    return {
      index,
      value: Float64Array.from(index, i => values[i * stride + offset])
    };
  }
  const index: number[] = [];
  const value: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const stop = Math.floor(((b + 1) * n) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < stop; i++) {
      const v = values[i * stride + offset];
      // NaN never wins a comparison, so gaps do not hide real extremes.
      if (
        v < values[lo * stride + offset] ||
        Number.isNaN(values[lo * stride + offset])
      ) {
        lo = i;
      }
      if (
        v > values[hi * stride + offset] ||
        Number.isNaN(values[hi * stride + offset])
      ) {
        hi = i;
      }
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) {
      index.push(i);
      value.push(values[i * stride + offset]);
    }
  }
  return { index: Int32Array.from(index), value: Float64Array.from(value) };
}
