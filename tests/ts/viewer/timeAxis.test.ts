import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  indexRange,
  searchSorted,
  timeSpan,
  type TimeAxis
} from '../../../src/viewer/series/timeAxis';

describe('searchSorted', () => {
  it('finds the first index whose value is >= target, like a linear scan', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }),
        fc.integer({ min: -60, max: 60 }),
        async (raw, target) => {
          const sorted = [...raw].sort((a, b) => a - b);
          const reads: number[] = [];
          const at = async (i: number) => {
            reads.push(i);
            return sorted[i];
          };
          const expected = sorted.findIndex(v => v >= target);
          expect(await searchSorted(at, sorted.length, target)).toBe(
            expected === -1 ? sorted.length : expected
          );
          // Logarithmic number of reads: timestamps stay on the server.
          expect(reads.length).toBeLessThanOrEqual(
            Math.ceil(Math.log2(sorted.length + 1)) + 1
          );
        }
      ),
      { numRuns: 300, seed: 5 }
    );
  });
});

describe('indexRange', () => {
  it('selects exactly the samples whose times fall in [t0, t1)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0.5, max: 1000, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        async (start, rate, length, t0, span) => {
          const axis: TimeAxis = { kind: 'rate', start, rate, length };
          const stamps = Array.from({ length }, (_, i) => start + i / rate);
          const timestamps: TimeAxis = {
            kind: 'timestamps',
            length,
            at: async i => stamps[i]
          };
          const t1 = t0 + span;
          const inside = stamps
            .map((t, i) => [t, i] as const)
            .filter(([t]) => t >= t0 && t < t1)
            .map(([, i]) => i);
          const [a, b] = await indexRange(timestamps, t0, t1);
          expect(Array.from({ length: b - a }, (_, k) => a + k)).toEqual(
            inside
          );
          // The rate formula agrees with the timestamps up to rounding at the edges.
          const [c, d] = await indexRange(axis, t0, t1);
          expect(Math.abs(c - a)).toBeLessThanOrEqual(1);
          expect(Math.abs(d - b)).toBeLessThanOrEqual(1);
        }
      ),
      { numRuns: 200, seed: 3 }
    );
  });

  it('gives the span of the first and last sample', async () => {
    expect(
      await timeSpan({ kind: 'rate', start: 2, rate: 10, length: 11 })
    ).toEqual([2, 3]);
    expect(await timeSpan({ kind: 'index', length: 5 })).toEqual([0, 4]);
    expect(
      await timeSpan({ kind: 'timestamps', length: 0, at: async () => 1 })
    ).toEqual([0, 0]);
  });
});
