import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { sortedTimes } from '../../../src/viewer/spikes/align';
import {
  rasterBudget,
  rasterRenderer,
  rasterTraces
} from '../../../src/viewer/spikes/rasterPoints';
import { rasterStatus } from '../../../src/viewer/views/psthPlot';
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

describe('choosing how a raster is drawn', () => {
  const budgets = { svg: 40_000, webgl: 1_500_000 };
  // 300 units x 20 000 spikes spread over 6000 s: 6 M spikes, as on a whole session.
  const rows = Array.from({ length: 300 }, (_, u) =>
    Float64Array.from({ length: 20_000 }, (_, i) => (i * 6000 + u) / 20_000)
  );
  const draw = (webgl: boolean) => {
    const raster = rasterTraces([{ label: 'units', rows }], {
      t0: 0,
      t1: 6000,
      pixels: 800,
      budget: rasterBudget(webgl, budgets)
    });
    return {
      raster,
      renderer: rasterRenderer(raster.shown, budgets.svg, webgl),
      status: rasterStatus(
        raster,
        rasterRenderer(raster.shown, budgets.svg, webgl),
        webgl,
        'unit'
      )
    };
  };

  it('draws millions of spikes with WebGL, one per pixel per row', () => {
    const { raster, renderer, status } = draw(true);
    expect(raster.total).toBe(6_000_000);
    // Over the WebGL budget too: decimated to at most one marker per pixel column per row.
    expect(raster.shown).toBeLessThanOrEqual(300 * 800);
    expect(raster.shown).toBeGreaterThan(budgets.svg);
    expect(renderer).toBe('webgl');
    expect(status).toMatch(
      /^6000000 spikes \(\d+ drawn: one per pixel per unit, WebGL\)$/
    );
  });

  it('falls back to SVG, and says why, without WebGL', () => {
    const { renderer, status } = draw(false);
    expect(renderer).toBe('svg');
    expect(status).toContain('SVG: WebGL unavailable');
  });

  it('keeps small rasters in SVG even with WebGL', () => {
    expect(rasterRenderer(budgets.svg, budgets.svg, true)).toBe('svg');
    expect(rasterRenderer(budgets.svg + 1, budgets.svg, true)).toBe('webgl');
  });
});
