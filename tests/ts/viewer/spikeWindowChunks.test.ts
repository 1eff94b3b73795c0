import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { H5Slice, IH5DatasetInfo } from '../../../src/viewer/model/source';
import { lowerBound } from '../../../src/viewer/spikes/align';
import { openingWindow } from '../../../src/viewer/spikes/rasterWindow';
import { trainWindow } from '../../../src/viewer/spikes/trainBlocks';
import { SpikeTrains } from '../../../src/viewer/spikes/unitSpikes';

/**
 * Which chunks of spike_times a window read touches. The reader stands in
 * for HDF5 on a compressed file: any read of a chunk costs the whole chunk,
 * so the chunks touched are the cost. The floor is computed here from the
 * trains themselves (numpy-style searchsorted per unit), not by the code
 * under test.
 */
const CHUNK = 4096;
const SESSION = 3000;

interface IUnitsFile {
  times: Float64Array;
  ends: Float64Array;
  info: IH5DatasetInfo;
}

/** Seeded trains: lengths 200 – 60 000 spikes, each spread over the session. */
function unitsFile(units: number, seed = 3): IUnitsFile {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const lengths = Array.from({ length: units }, () =>
    Math.round(200 + random() ** 2 * 60_000)
  );
  const ends = new Float64Array(units);
  lengths.reduce((total, n, u) => (ends[u] = total + n), 0);
  const times = new Float64Array(ends[units - 1]);
  let at = 0;
  for (const n of lengths) {
    // Firing that drifts over the session, as real units do.
    const start = random() * 60;
    for (let i = 0; i < n; i++) {
      const x = (i + random()) / n;
      times[at++] = start + (SESSION - start) * (x + 0.1 * x * (1 - x));
    }
  }
  return {
    times,
    ends,
    info: {
      path: '/units/spike_times',
      shape: [times.length],
      dtype: '<f8',
      typeClass: 'float',
      itemSize: 8,
      chunks: [CHUNK],
      maxshape: [null],
      filters: [{ id: 1, name: 'deflate' }]
    }
  };
}

function counted(file: IUnitsFile) {
  const chunks = new Set<number>();
  let reads = 0;
  const read = async (path: string, slice?: H5Slice) => {
    const data = path.endsWith('_index') ? file.ends : file.times;
    const [a, b] = (slice?.[0] ?? [0, data.length]) as [number, number];
    if (data === file.times) {
      reads++;
      for (
        let c = Math.floor(a / CHUNK);
        c <= Math.floor((b - 1) / CHUNK);
        c++
      ) {
        chunks.add(c);
      }
    }
    return data.slice(a, b);
  };
  const trains = new SpikeTrains(
    read,
    {
      spikeTimesPath: '/units/spike_times',
      indexPath: '/units/spike_times_index',
      units: file.ends.length
    },
    async () => file.info
  );
  return { trains, chunks, reads: () => reads };
}

/**
 * The oracle: each unit's window, and the chunks those spikes live in (for
 * a unit with no spike in the window, the chunk where it would be).
 */
function floor(file: IUnitsFile, units: number[], t0: number, t1: number) {
  const chunks = new Set<number>();
  const windows = units.map(u => {
    const a = u === 0 ? 0 : file.ends[u - 1];
    const train = file.times.subarray(a, file.ends[u]);
    const i0 = a + lowerBound(train, t0);
    const i1 = a + lowerBound(train, t1);
    for (let i = i0; i < i1; i += 1) {
      chunks.add(Math.floor(i / CHUNK));
    }
    if (i1 === i0 && train.length > 0) {
      // No spike in the window: a reader still has to see where it would
      // be (the chunk of the first spike after it, or of the last spike).
      chunks.add(Math.floor(Math.min(i0, file.ends[u] - 1) / CHUNK));
    }
    return Array.from(file.times.subarray(i0, i1));
  });
  return { chunks, windows };
}

describe('a spike window reads only the chunks it overlaps', () => {
  const file = unitsFile(120);

  it.each([
    ['the middle of the session', 1500, 1510],
    ['the start of the session', 0, 10],
    ['near the end', 2980, 2990],
    ['a minute', 700, 760]
  ])('%s', async (_, t0, t1) => {
    const units = Array.from({ length: 100 }, (_, u) => u + 10);
    const { trains, chunks } = counted(file);
    const spikes = await trains.window(units, t0, t1);
    const oracle = floor(file, units, t0, t1);
    expect(spikes.map(s => Array.from(s))).toEqual(oracle.windows);
    const extra = [...chunks].filter(c => !oracle.chunks.has(c));
    // The first unit of a batch is searched without a hint (a few blocks
    // to find the window); every other read is a chunk the window needs.
    expect(extra.length).toBeLessThanOrEqual(4);
    expect(chunks.size).toBeLessThanOrEqual(oracle.chunks.size + 4);
  });

  it('reads only the units asked for', async () => {
    const { trains, chunks } = counted(file);
    const units = [30, 31, 32];
    await trains.window(units, 1000, 1010);
    const oracle = floor(file, units, 1000, 1010);
    expect(chunks.size).toBeLessThanOrEqual(oracle.chunks.size + 4);
    expect(chunks.size).toBeLessThan(10);
  });

  it('falls back to the whole train when a train is not sorted in the file', async () => {
    const shuffled = unitsFile(8, 5);
    const a = shuffled.ends[2];
    // Unit 3's train, reversed: a search over it would be wrong.
    shuffled.times.subarray(a, shuffled.ends[3]).reverse();
    const { trains } = counted(shuffled);
    const [spikes] = await trains.window([3], 1200, 1300);
    const expected = Array.from(shuffled.times.subarray(a, shuffled.ends[3]))
      .filter(t => t >= 1200 && t < 1300)
      .sort((x, y) => x - y);
    expect(Array.from(spikes)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
  });

  it('places the opening window from the units on the first page only', async () => {
    const { trains, chunks } = counted(file);
    const page = Array.from({ length: 20 }, (_, u) => u);
    const opening = await openingWindow(trains, 10, page);
    const firsts = page.map(u => file.times[u === 0 ? 0 : file.ends[u - 1]]);
    expect(opening.start).toBe(Math.floor(Math.min(...firsts)));
    // Only chunks holding the page's trains were read, not chunks spread
    // over the whole table.
    const pageEnd = Math.floor((file.ends[19] - 1) / CHUNK);
    expect([...chunks].every(c => c <= pageEnd)).toBe(true);
  });
});

describe('trainWindow', () => {
  it('finds exactly the spikes of any window, for any chunking and hint', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), {
          maxLength: 300
        }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.option(
          fc.record({
            from: fc.double({ min: -1, max: 2, noNaN: true }),
            to: fc.double({ min: -1, max: 2, noNaN: true })
          })
        ),
        async (values, offset, block, t0, length, hint) => {
          // A sorted train at [offset, offset + n) of a longer dataset.
          const train = Float64Array.from(values).sort();
          const data = new Float64Array(offset + train.length + 5).fill(NaN);
          data.set(train, offset);
          const read = async (i: number, j: number) => {
            expect(i).toBeGreaterThanOrEqual(offset);
            expect(j).toBeLessThanOrEqual(offset + train.length);
            return data.slice(i, j);
          };
          const t1 = t0 + length;
          const found = await trainWindow(
            read,
            offset,
            offset + train.length,
            block,
            t0,
            t1,
            hint ?? undefined
          );
          const expected = Array.from(train).filter(t => t >= t0 && t < t1);
          expect(found.unsorted).toBe(false);
          expect(Array.from(found.times)).toEqual(expected);
          if (expected.length) {
            expect(found.from).toBe(offset + lowerBound(train, t0));
            expect(found.to).toBe(offset + lowerBound(train, t1));
          }
        }
      ),
      { numRuns: 400, seed: 17 }
    );
  });
});
