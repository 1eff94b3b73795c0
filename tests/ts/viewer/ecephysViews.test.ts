import { describe, expect, it } from 'vitest';

import { bandTimeGrid } from '../../../src/viewer/ecephys/bandPower';
import {
  channelWaveforms,
  eventsPerPage,
  waveformShape
} from '../../../src/viewer/ecephys/waveforms';
import { toNumbers } from '../../../src/viewer/images/contrast';
import { openSample } from './openSample';
import { pythonJson } from './pyFixture';
import { sample } from './samples';

const SPIKE_EVENTS = sample('aqnwb/build2/data/createESandSES.nwb');
const DECOMPOSITION = sample(
  'nwb-explorer/test/nwb_files/pynwb_test_files/test_DecompositionSeries.nwb'
);

describe('SpikeEventSeries waveforms', () => {
  it('know [event, sample] and [event, channel, sample]', () => {
    expect(waveformShape([10, 40])).toEqual({
      shape: { events: 10, channels: 1, samples: 40 }
    });
    expect(waveformShape([10, 4, 40])).toEqual({
      shape: { events: 10, channels: 4, samples: 40 }
    });
    expect(waveformShape([10])).toHaveProperty('reason');
  });

  it('page events by the value cap, never below one event', () => {
    const big = { events: 1e6, channels: 384, samples: 82 };
    expect(eventsPerPage(big, 200, 2_000_000)).toBe(63);
    expect(
      eventsPerPage({ events: 5, channels: 1, samples: 40 }, 200, 2_000_000)
    ).toBe(5);
    expect(eventsPerPage(big, 200, 10)).toBe(1);
  });

  it("lay out a real file's waveforms per channel as h5py reads them", async () => {
    const expected = pythonJson<number[][][]>(
      `import h5py, json; print(json.dumps(h5py.File(${JSON.stringify(SPIKE_EVENTS)}, "r")["/acquisition/spikedata0/data"][:].tolist()))`
    );
    const { source, close } = await openSample(SPIKE_EVENTS);
    try {
      const values = toNumbers(
        await source.read('/acquisition/spikedata0/data', [[2, 6]])
      );
      const shape = { events: 10, channels: 2, samples: 5 };
      const lines = channelWaveforms(values, 4, shape, 2, 1);
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        const ys = Array.from(line.y);
        for (let e = 0; e < 4; e++) {
          const wave = ys.slice(e * 6, e * 6 + 5);
          expect(wave).toEqual(
            expected[2 + e][line.channel].map(v => v * 2 + 1)
          );
          expect(ys[e * 6 + 5]).toBeNaN();
        }
        expect(Array.from(line.x.slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
      }
    } finally {
      close();
    }
  });
});

describe('DecompositionSeries bands', () => {
  it('bin time by the mean and put the highest band on top', () => {
    // 4 samples × 2 bands, binned to 2 columns.
    const values = [1, 10, 3, 30, 5, 50, 7, 70];
    const { grid, cols } = bandTimeGrid(values, 4, 2, 2);
    expect(cols).toBe(2);
    expect(Array.from(grid)).toEqual([20, 60, 2, 6]);
  });

  it('match numpy on a real file (channel 1)', async () => {
    const expected = pythonJson<number[][]>(
      `import h5py, json; d = h5py.File(${JSON.stringify(DECOMPOSITION)}, "r")["/processing/test_mod/LFPSpectralAnalysis/data"][:, 1, :]; print(json.dumps(d[:, ::-1].T.tolist()))`
    );
    const { source, close } = await openSample(DECOMPOSITION);
    try {
      const values = toNumbers(
        await source.read('/processing/test_mod/LFPSpectralAnalysis/data', [
          [0, 3],
          [1, 2],
          [0, 3]
        ])
      );
      const { grid, cols } = bandTimeGrid(values, 3, 3, 800);
      expect(cols).toBe(3);
      expect(Array.from(grid)).toEqual(expected.flat());
    } finally {
      close();
    }
  });
});
