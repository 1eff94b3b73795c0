import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import {
  openingWindow,
  spreadUnits,
  wholeWindow
} from '../../../src/viewer/spikes/rasterWindow';
import {
  SpikeTrains,
  unitsLayout
} from '../../../src/viewer/spikes/unitSpikes';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

/**
 * Units whose spikes start 372 s into the recording (as in real files:
 * the sorter's first spike comes minutes after the clock's zero), written
 * by pynwb. Unit 7 fires last, at 1499.5 s.
 */
const LATE_UNITS = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile(session_description="late spikes", identifier="late",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
rng = np.random.default_rng(1)
for u in range(10):
    first = 372.25 + 3 * u
    last = 1499.5 if u == 7 else 900.0 + u
    times = np.sort(np.concatenate([[first, last], rng.uniform(first, last, 50)]))
    nwb.add_unit(spike_times=times)
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

describe('raster opening window', () => {
  let opened: Awaited<ReturnType<typeof openSample>>;
  let trains: SpikeTrains;

  beforeAll(async () => {
    opened = await openSample(writeWithPython('late_units.nwb', LATE_UNITS));
    const model = await loadNwbFile(opened.source);
    const found = unitsLayout(findNode(model.tree, '/units')!);
    if ('reason' in found) {
      throw new Error(found.reason);
    }
    trains = new SpikeTrains(
      (path, slice) => opened.source.read(path, slice),
      found.layout
    );
  });
  afterAll(() => opened?.close());

  it('opens at the first spike, not at 0 s', async () => {
    const window = await openingWindow(trains, 10);
    expect(window).toEqual({ start: 372, length: 10 });
    // The opening window holds spikes.
    const spikes = await trains.window(
      spreadUnits(10, 10),
      window.start,
      window.start + window.length
    );
    expect(spikes.some(s => s.length > 0)).toBe(true);
  });

  it('"whole series" spans every spike of every unit', async () => {
    const whole = (await wholeWindow(trains))!;
    expect(whole.start).toBe(372.25);
    expect(whole.start + whole.length).toBeGreaterThan(1499.5);
    const all = await Promise.all(spreadUnits(10, 10).map(u => trains.unit(u)));
    const inside = await trains.window(
      spreadUnits(10, 10),
      whole.start,
      whole.start + whole.length
    );
    expect(inside.map(s => s.length)).toEqual(all.map(s => s.length));
  });

  it('spreads sampled units over the whole table', () => {
    expect(spreadUnits(3, 64)).toEqual([0, 1, 2]);
    const picked = spreadUnits(1000, 16);
    expect(picked.length).toBe(16);
    expect(picked[0]).toBe(0);
    expect(picked[15]).toBe(999);
  });
});
