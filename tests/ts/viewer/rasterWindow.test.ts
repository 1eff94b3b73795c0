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

/**
 * Stray spikes before the recording, as real files carry them (a spike
 * stamped by an unset clock, -1.5e9 s; a noise cluster holding one such
 * spike): every other spike starts at 372 s.
 */
const STRAY_SPIKES = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile(session_description="stray spikes", identifier="stray",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
rng = np.random.default_rng(2)
for u in range(10):
    first = 372.25 + 3 * u
    times = np.sort(np.concatenate([[first, 900.0 + u], rng.uniform(first, 900.0, 50)]))
    if u == 3:
        times = np.concatenate([[-1.5e9], times])
    nwb.add_unit(spike_times=times)
nwb.add_unit(spike_times=[-1.5e9 + 7])
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

/** A recording in two parts: units firing early and units firing late are both real. */
const TWO_EPOCHS = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile(session_description="two epochs", identifier="epochs",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
rng = np.random.default_rng(3)
nwb.add_unit(spike_times=np.concatenate([[5.0], np.sort(rng.uniform(5, 60, 40)), np.sort(rng.uniform(3000, 3600, 40))]))
for u in range(4):
    nwb.add_unit(spike_times=np.sort(rng.uniform(3000 + u, 3600, 600)))
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

async function openTrains(
  file: string
): Promise<{ trains: SpikeTrains; close: () => void }> {
  const opened = await openSample(file);
  const model = await loadNwbFile(opened.source);
  const found = unitsLayout(findNode(model.tree, '/units')!);
  if ('reason' in found) {
    throw new Error(found.reason);
  }
  const trains = new SpikeTrains(
    (path, slice) => opened.source.read(path, slice),
    found.layout
  );
  return { trains, close: () => opened.close() };
}

describe('raster opening window past stray spikes', () => {
  it('is not set by one stray early spike or a one-spike stray unit', async () => {
    const { trains, close } = await openTrains(
      writeWithPython('stray_spikes.nwb', STRAY_SPIKES)
    );
    try {
      expect(await openingWindow(trains, 10)).toEqual({
        start: 372,
        length: 10
      });
      // "whole" still spans every spike, strays included.
      expect((await wholeWindow(trains))!.start).toBe(-1.5e9);
    } finally {
      close();
    }
  });

  it('keeps an early spike that belongs to the recording', async () => {
    const { trains, close } = await openTrains(
      writeWithPython('two_epochs.nwb', TWO_EPOCHS)
    );
    try {
      expect(await openingWindow(trains, 10)).toEqual({
        start: 5,
        length: 10
      });
    } finally {
      close();
    }
  });
});

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
