import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { sortedTimes } from '../../../src/viewer/spikes/align';
import { rasterTraces } from '../../../src/viewer/spikes/rasterPoints';
import { unitOrder } from '../../../src/viewer/spikes/unitProperties';

const row = fc
  .array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 200 })
  .map(sortedTimes);

describe('rasterTraces', () => {
  it('draws every spike on its row when within budget', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 8 }),
        fc.array(row, { maxLength: 8 }),
        (a, b) => {
          const raster = rasterTraces(
            [
              { label: 'a', rows: a },
              { label: 'b', rows: b }
            ],
            { t0: 0, t1: 10, pixels: 100, budget: Infinity }
          );
          const all = [...a, ...b];
          expect(raster.total).toBe(all.reduce((n, r) => n + r.length, 0));
          expect(raster.shown).toBe(raster.total);
          expect(raster.groupStarts).toEqual([0, a.length, all.length]);
          const points = raster.traces.flatMap(t =>
            Array.from(t.x, (x, i) => [t.y[i], x])
          );
          const expected = all.flatMap((r, y) => Array.from(r, x => [y, x]));
          expect(points).toEqual(expected);
        }
      )
    );
  });

  it('beyond budget keeps one spike per pixel column per row, and no spike from an empty pixel', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), rows => {
        const pixels = 50;
        const raster = rasterTraces([{ label: 'u', rows }], {
          t0: 0,
          t1: 10,
          pixels,
          budget: 0
        });
        const pixelOf = (t: number) => Math.floor((t * pixels) / 10);
        const expected = rows.reduce(
          (n, r) => n + new Set(Array.from(r, pixelOf)).size,
          0
        );
        expect(raster.shown).toBe(expected);
        const t = raster.traces[0];
        for (let i = 0; i < t.x.length; i++) {
          expect(Array.from(rows[t.y[i]])).toContain(t.x[i]);
        }
      })
    );
  });
});

describe('unitOrder', () => {
  it('groups first, then sorts by the sort property, ties by unit number', () => {
    const region = {
      name: 'electrodes.location',
      numeric: false,
      values: ['CA1', 'VISp', 'CA1', 'VISp']
    };
    const rate = { name: 'firing_rate', numeric: true, values: [5, 1, NaN, 3] };
    expect(unitOrder(4, rate)).toEqual([1, 3, 0, 2]);
    expect(unitOrder(4, rate, region)).toEqual([0, 2, 1, 3]);
    expect(unitOrder(4)).toEqual([0, 1, 2, 3]);
  });
});
