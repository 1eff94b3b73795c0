import { describe, expect, it } from 'vitest';

import {
  neighbours,
  peakChannel,
  waveformElectrodes
} from '../../../src/viewer/waveforms/geometry';
import { waveformLayout } from '../../../src/viewer/waveforms/waveformTraces';

/** A Neuropixels 1.0 stretch: 2 contacts a row, 20 µm apart, staggered 43/11 and 59/27. */
const np1 = Array.from({ length: 12 }, (_, c) => ({
  x: [43, 11, 59, 27][c % 4],
  y: 20 * Math.floor(c / 2)
}));

describe('channel geometry', () => {
  it('keeps the peak and its neighbours within the radius, nearest first', () => {
    // Channel 5 at (11, 40). Distances: 3 (27,20) and 7 (27,60) 25.6; 4 (43,40) 32;
    // 1 (11,0) and 9 (11,80) 40; 0 (43,0) and 8 (43,80) 51.2; 2 and 6 52.
    expect(neighbours(np1, 5, 30)).toEqual([5, 3, 7]);
    expect(neighbours(np1, 5, 32)).toEqual([5, 3, 7, 4]);
    expect(neighbours(np1, 5, 40)).toEqual([5, 3, 7, 4, 1, 9]);
    expect(neighbours(np1, 5, 0)).toEqual([5]);
  });

  it('leaves out channels without a position but always keeps the peak', () => {
    const positions = [
      { x: 0, y: 0 },
      { x: NaN, y: 10 },
      { x: 0, y: 10 }
    ];
    expect(neighbours(positions, 0, 100)).toEqual([0, 2]);
    expect(neighbours(positions, 1, 100)).toEqual([1]);
  });

  it('finds the channel with the largest peak-to-peak amplitude', () => {
    // 3 samples × 3 channels, [sample][channel].
    const values = [0, 1, -5, 2, -3, 1, 0, 1, 0];
    // ch0: 0..2 → 2; ch1: -3..1 → 4; ch2: -5..1 → 6.
    expect(peakChannel(values, 3, 3)).toBe(2);
  });

  it('maps waveform channels to electrodes only by a rule that fits the counts', () => {
    const base = {
      unitElectrodes: [7, 8, 9],
      probeRows: [4, 5, 6, 7, 8, 9],
      tableRows: 12
    };
    expect(waveformElectrodes({ ...base, channels: 3 })).toEqual({
      rows: [7, 8, 9],
      rule: "the unit's electrodes, in order"
    });
    expect(waveformElectrodes({ ...base, channels: 6 })).toMatchObject({
      rows: [4, 5, 6, 7, 8, 9]
    });
    expect(waveformElectrodes({ ...base, channels: 12 })).toMatchObject({
      rows: [...Array(12).keys()]
    });
    const refused = waveformElectrodes({ ...base, channels: 4 });
    expect('reason' in refused && refused.reason).toMatch(
      /4 channels per unit while the unit's electrodes list has 3, its probe has 6, the electrodes table has 12/
    );
  });
});

describe('waveform layout', () => {
  it('places each channel at its contact, the largest trace two rows tall, SD as a closed band', () => {
    // 2 samples × 2 channels (volts): ch0 −100 µV → +100 µV, ch1 0 → 20 µV.
    const mean = [-100e-6, 0, 100e-6, 20e-6];
    const sd = [10e-6, 0, 10e-6, 0];
    const out = waveformLayout({
      mean,
      sd,
      samples: 2,
      channels: 2,
      drawn: [0, 1],
      positions: [
        { x: 11, y: 0 },
        { x: 43, y: 20 }
      ]
    });
    // x gap 32 → width 27.2; y gap 20; largest span (with SD) 220 µV over 40 µm.
    expect(out.traceWidth).toBeCloseTo(27.2, 9);
    expect(out.microvoltsPerUnit).toBeCloseTo(220 / 40, 9);
    const [a, b] = out.traces;
    expect(a.x[0]).toBeCloseTo(11 - 13.6, 9);
    expect(a.x[1]).toBeCloseTo(11 + 13.6, 9);
    expect(a.y[0]).toBeCloseTo(-100 / 5.5, 9);
    expect(b.y[1]).toBeCloseTo(20 + 20 / 5.5, 9);
    expect(a.bandY).toHaveLength(4);
    expect(a.bandY[0]).toBeCloseTo(-90 / 5.5, 9);
    expect(a.bandY[3]).toBeCloseTo(-110 / 5.5, 9);
  });
});
