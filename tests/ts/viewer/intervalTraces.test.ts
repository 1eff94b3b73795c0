import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  intervalTraces,
  isCategorical,
  MAX_CATEGORIES
} from '../../../src/viewer/views/intervalTraces';

describe('intervalTraces', () => {
  it('draws every row once, at its own height, in the trace of its category', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1e4, noNaN: true }),
            fc.double({ min: 0, max: 10, noNaN: true }),
            fc.constantFrom('left', 'right', 'none')
          ),
          {
            maxLength: 100
          }
        ),
        fc.boolean(),
        (rows, grouped) => {
          const starts = rows.map(r => r[0]);
          const stops = rows.map(r => r[0] + r[1]);
          const labels = rows.map(r => r[2]);
          const traces = intervalTraces(
            starts,
            stops,
            grouped ? labels : undefined
          );
          const seen: number[] = [];
          for (const trace of traces) {
            expect(trace.x.length).toBe(trace.y.length);
            for (let k = 0; k < trace.x.length; k += 3) {
              const row = trace.y[k];
              seen.push(row);
              expect([trace.x[k], trace.x[k + 1]]).toEqual([
                starts[row],
                stops[row]
              ]);
              expect(trace.y[k + 1]).toBe(row);
              expect(
                Number.isNaN(trace.x[k + 2]) && Number.isNaN(trace.y[k + 2])
              ).toBe(true);
              expect(trace.name).toBe(grouped ? labels[row] : 'intervals');
            }
          }
          expect(seen.sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
          expect(traces.length).toBe(
            grouped ? new Set(labels).size : rows.length ? 1 : 0
          );
        }
      ),
      { numRuns: 200, seed: 9 }
    );
  });

  it('colours only by columns with few distinct values', () => {
    expect(isCategorical(['a', 'b', 'a'])).toBe(true);
    expect(
      isCategorical(
        Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => String(i))
      )
    ).toBe(false);
    expect(isCategorical([])).toBe(false);
  });
});
