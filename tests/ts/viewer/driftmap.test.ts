import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { axisOver, DriftImage } from '../../../src/viewer/driftmap/driftImage';
import { driftPicture } from '../../../src/viewer/driftmap/driftPicture';
import { DriftmapReader } from '../../../src/viewer/driftmap/driftStream';
import type { IDriftmapLayout } from '../../../src/viewer/driftmap/layout';
import {
  chunkPieces,
  joinAdjacent,
  previewFirst,
  unitRuns
} from '../../../src/viewer/driftmap/readPlan';
import type { H5Slice } from '../../../src/viewer/model/source';

const fixed = (origin: number, width: number, bins: number) => ({
  origin,
  width,
  bins,
  fixed: true
});
const growing = (origin: number, width: number, bins: number) => ({
  origin,
  width,
  bins,
  fixed: false
});

describe('DriftImage binning', () => {
  it('bins spikes into depth rows × time columns (hand-computed)', () => {
    // 4 time bins of 1 s over [0, 4), 2 depth bins of 1 µm over [0, 2).
    const image = new DriftImage(fixed(0, 1, 4), fixed(0, 1, 2));
    image.add([0.5, 0.7, 3.5, 2.0], [0.5, 0.2, 1.5, 1.0], [1, 3, 2, 7]);
    // Row-major, row = depth bin: (t 0.5, d 0.5) and (0.7, 0.2) → k 0;
    // (3.5, 1.5) → row 1, col 3 → k 7; (2.0, 1.0) → row 1, col 2 → k 6.
    expect(Array.from(image.count)).toEqual([2, 0, 0, 0, 0, 0, 1, 1]);
    const max = image.values('max');
    expect(max[0]).toBe(3);
    expect(max[6]).toBe(7);
    expect(max[7]).toBe(2);
    expect(image.values('mean')[0]).toBe(2);
    expect(image.values('count')[0]).toBe(2);
    expect(Number.isNaN(max[1])).toBe(true);
    expect(image.spikes).toBe(4);
  });

  it('keeps the extreme amplitude of a pixel whatever else falls in it', () => {
    const image = new DriftImage(fixed(0, 10, 2), fixed(0, 10, 2));
    const n = 10_000;
    const times = Float64Array.from({ length: n }, (_, i) => (i % 97) / 10);
    const depths = Float64Array.from({ length: n }, () => 1);
    const amps = Float64Array.from({ length: n }, () => 5);
    amps[4321] = 900;
    image.add(times, depths, amps);
    expect(image.values('max')[0]).toBe(900);
    expect(image.values('mean')[0]).toBeCloseTo((5 * (n - 1) + 900) / n, 9);
  });

  it('drops spikes outside a fixed axis and NaN times or depths', () => {
    const image = new DriftImage(fixed(10, 1, 2), fixed(0, 1, 2));
    image.add(
      [9.99, 10, 11.99, 12, NaN, 10.5],
      [0, 0, 1, 0, 0, NaN],
      [1, 2, 3, 4, 5, 6]
    );
    expect(Array.from(image.count)).toEqual([1, 0, 0, 1]);
    expect(image.spikes).toBe(2);
  });

  it('grows an axis by merging bins in pairs, to the right and to the left', () => {
    const image = new DriftImage(growing(0, 1, 4), fixed(0, 1, 2));
    image.add([0.5, 1.5, 2.5], [0, 0, 0], [1, 2, 3]);
    image.add([6], [0], [4]);
    expect(image.time.origin).toBe(0);
    expect(image.time.width).toBe(2);
    // [0,2) holds 0.5 and 1.5; [2,4) 2.5; [6,8) 6.
    expect(Array.from(image.count.subarray(0, 4))).toEqual([2, 1, 0, 1]);
    expect(image.values('max')[0]).toBe(2);
    image.add([-1], [1], [9]);
    // Extended left: origin −8, width 4: [−8,−4) [−4,0) [0,4) [4,8).
    expect(image.time.origin).toBe(-8);
    expect(image.time.width).toBe(4);
    expect(Array.from(image.count)).toEqual([0, 0, 3, 1, 0, 1, 0, 0]);
  });

  it('equals a direct histogram of the spikes, whatever order chunks come in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 100, noNaN: true }),
            fc.double({ min: -50, max: 3000, noNaN: true }),
            fc.double({ min: 0, max: 500, noNaN: true })
          ),
          { minLength: 1, maxLength: 300 }
        ),
        fc.integer({ min: 1, max: 7 }),
        (spikes, parts) => {
          const times = spikes.map(s => s[0]);
          const depths = spikes.map(s => s[1]);
          const amps = spikes.map(s => s[2]);
          // Start from the first part's extent only: later parts make it grow.
          const image = new DriftImage(
            axisOver(times[0], times[0], 8),
            axisOver(depths[0], depths[0], 6)
          );
          const step = Math.ceil(spikes.length / parts);
          for (let a = 0; a < spikes.length; a += step) {
            image.add(
              times,
              depths,
              amps,
              a,
              Math.min(spikes.length, a + step)
            );
          }
          // The oracle: each spike's bin from the final axes.
          const { time, depth } = image;
          const count = new Array(8 * 6).fill(0);
          const max = new Array(8 * 6).fill(-Infinity);
          spikes.forEach(([t, d, a]) => {
            const x = Math.floor((t - time.origin) / time.width);
            const y = Math.floor((d - depth.origin) / depth.width);
            expect(x >= 0 && x < 8 && y >= 0 && y < 6).toBe(true);
            count[y * 8 + x]++;
            max[y * 8 + x] = Math.max(max[y * 8 + x], a);
          });
          expect(Array.from(image.count)).toEqual(count);
          expect(Array.from(image.values('max'))).toEqual(
            max.map(m => (m === -Infinity ? NaN : m))
          );
        }
      )
    );
  });

  it('places the image inside the axes and colours empty pixels transparent', () => {
    const image = new DriftImage(fixed(0, 1, 4), fixed(100, 10, 2));
    image.add([1.5, 2.5], [105, 115], [10, 20]);
    const picture = driftPicture(image, 'max', [0, 8], [100, 140]);
    expect(picture.place).toEqual({ x0: 0, x1: 0.5, y0: 0, y1: 0.5 });
    expect(picture.rgba[3]).toBe(0);
    // (1.5, 105) is col 1 row 0; (2.5, 115) col 2 row 1.
    expect(picture.rgba[1 * 4 + 3]).toBe(255);
    expect(picture.rgba[(4 + 2) * 4 + 3]).toBe(255);
    // Without ranges the axes span the spikes binned.
    const whole = driftPicture(image, 'max');
    expect(whole.xRange).toEqual([1.5, 2.5]);
    expect(whole.yRange).toEqual([105, 115]);
  });
});

describe('driftmap read plan', () => {
  it('merges touching runs of kept units and cuts them at chunk boundaries', () => {
    const ends = [3, 3, 10, 25, 30];
    expect(unitRuns(ends, u => u !== 3)).toEqual([
      [0, 10],
      [25, 30]
    ]);
    expect(
      chunkPieces(
        [
          [0, 10],
          [25, 30]
        ],
        8
      )
    ).toEqual([
      [0, 8],
      [8, 10],
      [25, 30]
    ]);
  });

  it('reads a spread preview first, then every other piece once', () => {
    const { order, first } = previewFirst(40, 16);
    expect(order.slice(0, first)).toEqual([0, 16, 32]);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    const pieces = Array.from(
      { length: 6 },
      (_, i) => [i * 4, i * 4 + 4] as const
    );
    expect(joinAdjacent(pieces, [0, 1, 2, 3, 5], 8)).toEqual([
      [0, 8],
      [8, 16],
      [20, 24]
    ]);
  });
});

/** A units table in memory: 3 units of 2 probes, spike_times grouped by unit. */
function memoryUnits() {
  const trains = [
    { t: [0.1, 0.4, 0.9, 1.5, 2.5], d: [100, 110, 120, 130, 140] },
    { t: [0.2, 3.0], d: [2000, 2010] },
    { t: [0.3, 0.6, 2.9, 3.9], d: [500, 510, 520, 530] }
  ];
  const times = trains.flatMap(u => u.t);
  const depths = trains.flatMap(u => u.d);
  const amps = times.map((_, i) => 10 + i);
  let at = 0;
  const ends = trains.map(u => (at += u.t.length));
  const data: Record<string, number[]> = {
    '/units/spike_times': times,
    '/units/spike_times_index': ends,
    '/units/d': depths,
    '/units/d_index': ends,
    '/units/a': amps,
    '/units/a_index': ends
  };
  const reads: string[] = [];
  const read = async (path: string, slice?: H5Slice) => {
    const [[a, b]] = slice as [number, number][];
    reads.push(`${path}[${a},${b})`);
    return Float64Array.from(data[path].slice(a, b));
  };
  const layout: IDriftmapLayout = {
    units: {
      spikeTimesPath: '/units/spike_times',
      indexPath: '/units/spike_times_index',
      units: 3
    },
    depth: { name: 'd', path: '/units/d', indexPath: '/units/d_index' },
    amplitude: { name: 'a', path: '/units/a', indexPath: '/units/a_index' }
  };
  return { times, depths, amps, ends, read, reads, layout, data };
}

describe('DriftmapReader', () => {
  it('bins every spike of the kept units, a preview first', async () => {
    const m = memoryUnits();
    const reader = new DriftmapReader(m.read, m.layout);
    const paints: number[] = [];
    const image = await reader.stream(
      { layout: m.layout, keep: u => u !== 1, cols: 4, rows: 4, window: null },
      p => paints.push(p.read)
    );
    expect(image!.spikes).toBe(9);
    expect(paints[paints.length - 1]).toBe(9);
    expect(image!.seen).toEqual({ t0: 0.1, t1: 3.9, d0: 100, d1: 530 });
    // Unit 1 (rows 5–6) was never read.
    expect(
      m.reads
        .filter(r => r.includes('/units/a['))
        .every(r => !r.includes('[5,') && !r.includes(',6)'))
    ).toBe(true);
  });

  it('in a time window bins only the spikes inside it', async () => {
    const m = memoryUnits();
    const reader = new DriftmapReader(m.read, m.layout);
    const image = await reader.stream(
      {
        layout: m.layout,
        keep: () => true,
        cols: 2,
        rows: 2,
        window: { t0: 0.5, t1: 3.0 }
      },
      () => undefined
    );
    const inside = m.times.filter(t => t >= 0.5 && t < 3.0).length;
    expect(image!.spikes).toBe(inside);
    expect(image!.seen.t0).toBe(0.6);
    expect(image!.seen.t1).toBe(2.9);
  });

  it('finds a short window unit by unit when trains span many chunks', async () => {
    const m = memoryUnits();
    // Chunks of one row: the 5-spike train spans 5 chunks.
    const info = async (path: string) => ({
      path,
      shape: [11],
      dtype: '<f8',
      typeClass: 'float',
      itemSize: 8,
      chunks: [1],
      maxshape: null,
      filters: []
    });
    const reader = new DriftmapReader(m.read, m.layout, info);
    const image = await reader.stream(
      {
        layout: m.layout,
        keep: () => true,
        cols: 2,
        rows: 2,
        window: { t0: 2.5, t1: 2.95 },
        span: [0, 100]
      },
      () => undefined
    );
    // 2.5 (unit 0) and 2.9 (unit 2); 3.0 is outside [2.5, 2.95).
    expect(image!.spikes).toBe(2);
    // Only the window's rows of the amplitudes were read: rows 4 and 9.
    expect(m.reads.filter(r => r.startsWith('/units/a[')).sort()).toEqual([
      '/units/a[4,5)',
      '/units/a[9,10)'
    ]);
  });

  it('refuses per-spike columns indexed differently from spike_times', async () => {
    const m = memoryUnits();
    // Spike counts 5, 2, 4 → ends 5, 7, 11; here unit 1 claims 3.
    m.data['/units/a_index'] = [5, 8, 11];
    const reader = new DriftmapReader(m.read, m.layout);
    await expect(
      reader.stream(
        { layout: m.layout, keep: () => true, cols: 2, rows: 2, window: null },
        () => undefined
      )
    ).rejects.toThrow(
      /\/units\/a_index differs from \/units\/spike_times_index at unit row 1/
    );
  });
});

describe('driftmap colours', () => {
  it('match viridis at the ends of the range and clamp outside it', async () => {
    const { viridis } = await import('../../../src/viewer/images/colormap');
    const { viridisRgba } =
      await import('../../../src/viewer/driftmap/driftPicture');
    const rgba = viridisRgba([0, 10, -5, 99, NaN, 5], 0, 10);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([...viridis(0), 255]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([...viridis(1), 255]);
    expect(Array.from(rgba.subarray(8, 12))).toEqual([...viridis(0), 255]);
    expect(Array.from(rgba.subarray(12, 16))).toEqual([...viridis(1), 255]);
    expect(rgba[19]).toBe(0);
    // Mid-range within one level of 256 of the exact colour.
    const mid = viridis(0.5);
    rgba
      .subarray(20, 23)
      .forEach((c, i) => expect(Math.abs(c - mid[i])).toBeLessThanOrEqual(2));
  });
});

describe('window search or one pass', () => {
  it('searches long trains for a short window, passes over short trains', async () => {
    const { windowSearchPays } =
      await import('../../../src/viewer/driftmap/readPlan');
    // 10 units of 100 chunks each: a 1 % window costs ~log2(100) + 3·2 a unit.
    const long = Array.from({ length: 10 }, (_, u) => (u + 1) * 100 * 1000);
    expect(windowSearchPays(long, () => true, 1000, 0.01)).toBe(true);
    // The same with the whole recording in the window: the pass wins.
    expect(windowSearchPays(long, () => true, 1000, 1)).toBe(false);
    // 100 units of half a chunk each: every search reads a chunk anyway.
    const short = Array.from({ length: 100 }, (_, u) => (u + 1) * 500);
    expect(windowSearchPays(short, () => true, 1000, 0.01)).toBe(false);
  });
});

describe('driftmap layout', () => {
  const dataset = (name: string, shape: number[], dtype = '<f8') => ({
    name,
    path: `/units/${name}`,
    kind: 'dataset' as const,
    ancestry: [],
    attrs: {},
    children: [],
    shape,
    dtype
  });
  const units = (...names: [string, number[], string?][]) => ({
    name: 'units',
    path: '/units',
    kind: 'group' as const,
    neurodataType: 'Units',
    ancestry: ['Units', 'DynamicTable'],
    attrs: {},
    children: names.map(([n, s, d]) => dataset(n, s, d))
  });
  const spikes: [string, number[], string?][] = [
    ['spike_times', [100]],
    ['spike_times_index', [4], '<u4'],
    ['id', [4], '<i8']
  ];

  it('finds ibl2nwb’s per-spike columns and the probe column', async () => {
    const { driftmapLayout } =
      await import('../../../src/viewer/driftmap/layout');
    const found = driftmapLayout(
      units(
        ...spikes,
        ['spike_amplitudes_uV', [100]],
        ['spike_amplitudes_uV_index', [4], '<u4'],
        ['spike_distances_from_probe_tip_um', [100]],
        ['spike_distances_from_probe_tip_um_index', [4], '<u4'],
        ['probe_name', [4], 'S']
      )
    );
    expect(found).toMatchObject({
      layout: {
        amplitude: { name: 'spike_amplitudes_uV' },
        depth: { name: 'spike_distances_from_probe_tip_um' },
        probePath: '/units/probe_name'
      }
    });
  });

  it('says why when a column is missing, unindexed or not one value per spike', async () => {
    const { driftmapLayout } =
      await import('../../../src/viewer/driftmap/layout');
    const reason = (...extra: [string, number[], string?][]) => {
      const found = driftmapLayout(units(...spikes, ...extra));
      return 'reason' in found ? found.reason : 'none';
    };
    expect(reason()).toMatch(
      /no per-spike spike_distances_from_probe_tip_um column/
    );
    expect(
      reason(['spike_depths', [100]], ['spike_depths_index', [4], '<u4'])
    ).toMatch(/no per-spike spike_amplitudes_uV column/);
    expect(
      reason(
        ['spike_relative_depths', [100]],
        ['spike_amplitudes', [100]],
        ['spike_amplitudes_index', [4], '<u4']
      )
    ).toMatch(
      /spike_relative_depths column has no spike_relative_depths_index/
    );
    expect(
      reason(
        ['spike_depths', [99]],
        ['spike_depths_index', [4], '<u4'],
        ['spike_amplitudes', [100]],
        ['spike_amplitudes_index', [4], '<u4']
      )
    ).toMatch(/shape \[99\], not one value per spike \(100 spikes\)/);
  });
});

describe('driftmap figure', () => {
  it('puts the axes at the picture ranges, the colour range on the bar and the cursor as a line', async () => {
    const { driftFigure } =
      await import('../../../src/viewer/driftmap/driftFigure');
    const image = new DriftImage(fixed(0, 1, 4), fixed(0, 10, 2));
    image.add([0.5, 2.5], [5, 15], [30, 90]);
    const picture = driftPicture(image, 'max', [0, 4], [0, 20]);
    const settings = {
      theme: { xaxis: {}, yaxis: {} },
      cursor: 1.25,
      colourLabel: 'spike_amplitudes_uV',
      depthLabel: 'depth',
      height: 400,
      margin: { l: 1, r: 2, t: 3, b: 4 }
    };
    const { data, layout } = driftFigure(picture, settings);
    expect((layout.xaxis as { range: number[] }).range).toEqual([0, 4]);
    expect((layout.yaxis as { range: number[] }).range).toEqual([0, 20]);
    const marker = (data[0] as { marker: { cmin: number; cmax: number } })
      .marker;
    expect([marker.cmin, marker.cmax]).toEqual([picture.lo, picture.hi]);
    // Two filled bins: their whole range (percentiles would collapse on 30).
    expect([picture.lo, picture.hi]).toEqual([30, 90]);
    expect(layout.shapes).toMatchObject([{ x0: 1.25, x1: 1.25 }]);
    expect(
      driftFigure(picture, { ...settings, cursor: null }).layout.shapes
    ).toEqual([]);
  });
});
