import { describe, expect, it } from 'vitest';

import { defaultIvWindow, ivCurve } from '../../../src/viewer/icephys/ivCurve';
import { stimulusStep } from '../../../src/viewer/icephys/stimulusStep';
import type {
  IChannelSamples,
  ISweepSamples
} from '../../../src/viewer/icephys/sweepSamples';
import {
  decimateMinMax,
  groupOnsets
} from '../../../src/viewer/icephys/sweepTraces';

/** A channel at `rate` Hz holding `values`. */
const channel = (values: number[], rate = 10): IChannelSamples => ({
  path: '/x',
  values: Float64Array.from(values),
  times: Float64Array.from(values, (_, i) => i / rate),
  unit: 'u',
  clipped: false
});

describe('icephys mappings (pure)', () => {
  it('finds a step away from the holding value and back, ignoring float noise', () => {
    expect(stimulusStep([0, 0, 1e-18, 5, 5, 5, 0, 0])).toEqual({
      onset: 3,
      end: 6
    });
    expect(stimulusStep([-70, -70, -90, -90])).toEqual({ onset: 2, end: 4 });
    expect(stimulusStep([2, 2, 2])).toEqual({ onset: -1, end: 3 });
    expect(stimulusStep([])).toEqual({ onset: -1, end: 0 });
  });

  it('gives a flat sweep the onset of its group', () => {
    const sweeps: ISweepSamples[] = [
      { label: 'flat', stimulus: channel([0, 0, 0, 0]) },
      { label: 'step', stimulus: channel([0, 0, 1, 1]) },
      { label: 'none' }
    ];
    expect(groupOnsets(sweeps)).toEqual([0.2, 0.2, 0.2]);
    expect(groupOnsets([{ label: 'none' }])).toEqual([0]);
  });

  it('keeps every peak when it thins a long trace', () => {
    const values = Array.from({ length: 10000 }, (_, i) =>
      i === 4321 ? 50 : i === 777 ? -40 : Math.sin(i / 100)
    );
    const { x, y } = decimateMinMax(channel(values, 1000), 1, 400);
    expect(y.length).toBeLessThanOrEqual(400);
    expect(Math.max(...y)).toBe(50);
    expect(Math.min(...y)).toBe(-40);
    expect(x[y.indexOf(50)]).toBeCloseTo(4.321 - 1, 12);
    expect(x).toEqual([...x].sort((a, b) => a - b));
  });

  it('measures steady state and peak in the window, and says which sweeps it left out', () => {
    // Onset at 0.2 s; the response overshoots to 9 then settles at 5.
    const sweeps: ISweepSamples[] = [
      {
        label: 'a',
        stimulus: channel([0, 0, 2, 2, 2, 2, 0]),
        response: channel([1, 1, 9, 6, 5, 5, 1])
      },
      { label: 'b', response: channel([1, 1, 1]) },
      {
        label: 'c',
        stimulus: channel([0, 0, 1]),
        response: channel([0, 0, 1])
      }
    ];
    const steady = ivCurve(sweeps, { start: 0.2, end: 0.4 }, 'steady');
    expect(steady.points).toEqual([{ sweep: 'a', stimulus: 2, response: 5 }]);
    expect(steady.skipped).toEqual([
      'b: no stimulus',
      'c: no samples in the window'
    ]);
    const peak = ivCurve(sweeps.slice(0, 1), { start: 0, end: 0.4 }, 'peak');
    expect(peak.points).toEqual([{ sweep: 'a', stimulus: 2, response: 9 }]);
    expect(defaultIvWindow(sweeps, 'steady')).toEqual({
      start: expect.closeTo(0.3, 12),
      end: expect.closeTo(0.4, 12)
    });
    expect(defaultIvWindow(sweeps, 'peak').start).toBe(0);
  });
});
