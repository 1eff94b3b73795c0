import { describe, expect, it } from 'vitest';

import {
  SpikeTrains,
  type IUnitsLayout
} from '../../../src/viewer/spikes/unitSpikes';
import { TrainWindows } from '../../../src/viewer/spikes/windowCache';
import type { H5Slice } from '../../../src/viewer/model/source';

/** Three units of 10 spikes at 0..9, 0.5..9.5, 0.25..9.25 s, with a log of reads. */
function sample() {
  const times = Float64Array.from(
    { length: 30 },
    (_, i) => [0, 0.5, 0.25][Math.floor(i / 10)] + (i % 10)
  );
  const data: Record<string, Float64Array> = {
    '/t': times,
    '/i': Float64Array.of(10, 20, 30)
  };
  const reads: string[] = [];
  const read = async (path: string, slice?: H5Slice) => {
    const [a, b] = (slice?.[0] ?? [0, data[path].length]) as [number, number];
    reads.push(`${path}[${a}:${b}]`);
    return data[path].slice(a, b);
  };
  const layout: IUnitsLayout = {
    spikeTimesPath: '/t',
    indexPath: '/i',
    units: 3
  };
  return { trains: new SpikeTrains(read, layout), reads };
}

describe('TrainWindows', () => {
  it('serves a window inside one already read from memory', async () => {
    const { trains, reads } = sample();
    const held = new TrainWindows(trains, 1000);
    expect(Array.from((await held.window([2, 0], 0, 10))[0])).toHaveLength(10);
    const before = reads.length;
    const [b, a] = await held.window([2, 0], 3, 5);
    expect(Array.from(b)).toEqual([3.25, 4.25]);
    expect(Array.from(a)).toEqual([3, 4]);
    expect(reads.length).toBe(before);
    // A unit not read yet, and a window reaching outside, are read.
    expect(Array.from((await held.window([1], 3, 5))[0])).toEqual([3.5, 4.5]);
    expect(reads.length).toBeGreaterThan(before);
    const later = reads.length;
    expect(Array.from((await held.window([0], 8, 12))[0])).toEqual([8, 9]);
    expect(reads.length).toBeGreaterThan(later);
  });

  it('drops the trains not asked for last when over budget', async () => {
    const { trains, reads } = sample();
    const held = new TrainWindows(trains, 15);
    await held.window([0], 0, 10);
    await held.window([1], 0, 10);
    const before = reads.length;
    // Unit 0 was dropped (20 spikes held > 15), unit 1 kept.
    await held.window([1], 0, 10);
    expect(reads.length).toBe(before);
    await held.window([0], 0, 10);
    expect(reads.length).toBeGreaterThan(before);
  });
});
