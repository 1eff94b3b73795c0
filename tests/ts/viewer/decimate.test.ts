import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decimateMinMax } from '../../../src/viewer/series/decimate';

/** Brute force: the extremes of bucket b, ignoring NaN. */
function bucketExtremes(
  values: number[],
  n: number,
  buckets: number,
  b: number
): [number, number] | null {
  const slice = values
    .slice(Math.floor((b * n) / buckets), Math.floor(((b + 1) * n) / buckets))
    .filter(v => !Number.isNaN(v));
  return slice.length ? [Math.min(...slice), Math.max(...slice)] : null;
}

const samples = fc.array(
  fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)),
  {
    minLength: 0,
    maxLength: 400
  }
);

describe('decimateMinMax', () => {
  it('keeps every bucket’s min and max, in sample order, at most two per bucket', () => {
    fc.assert(
      fc.property(
        samples,
        fc.integer({ min: 1, max: 60 }),
        (values, buckets) => {
          const n = values.length;
          const { index, value } = decimateMinMax(values, n, buckets);
          expect(index.length).toBe(value.length);
          expect(index.length).toBeLessThanOrEqual(
            Math.max(n <= 2 * buckets ? n : 2 * buckets, 0)
          );
          for (let i = 1; i < index.length; i++) {
            expect(index[i]).toBeGreaterThan(index[i - 1]);
          }
          index.forEach((i, k) =>
            expect(Object.is(value[k], values[i])).toBe(true)
          );
          if (n <= 2 * buckets) {
            expect(Array.from(index)).toEqual(values.map((_, i) => i));
            return;
          }
          for (let b = 0; b < buckets; b++) {
            const extremes = bucketExtremes(values, n, buckets, b);
            const kept = Array.from(index)
              .filter(
                i =>
                  i >= Math.floor((b * n) / buckets) &&
                  i < Math.floor(((b + 1) * n) / buckets)
              )
              .map(i => values[i]);
            if (extremes) {
              expect(kept).toContain(extremes[0]);
              expect(kept).toContain(extremes[1]);
            }
          }
        }
      ),
      { numRuns: 300, seed: 11 }
    );
  });

  it('reads one channel of row-major multi-channel data', () => {
    const channels = 3;
    const rows = 1000;
    const data = Float64Array.from(
      { length: rows * channels },
      (_, k) => Math.sin(k) * ((k % channels) + 1)
    );
    for (let c = 0; c < channels; c++) {
      const column = Array.from(
        { length: rows },
        (_, r) => data[r * channels + c]
      );
      const direct = decimateMinMax(column, rows, 50);
      const strided = decimateMinMax(data, rows, 50, channels, c);
      expect(Array.from(strided.index)).toEqual(Array.from(direct.index));
      expect(Array.from(strided.value)).toEqual(Array.from(direct.value));
    }
  });
});
