import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  butterLowpass,
  derivative,
  interpolateRegular,
  sosFiltFilt,
  velocityFiltered
} from '../../../src/convert/interfaces/wheel/wheelSmoothing';

describe('1 kHz wheel traces', () => {
  it('interpolates exactly on the original samples and linearly between', () => {
    const grid = interpolateRegular([1, 1.002, 1.005], [0, 2, -1], 1000);
    expect(grid.start).toBe(1);
    expect(Array.from(grid.values)).toHaveLength(5);
    const v = Array.from(grid.values);
    [0, 1, 2, 1, 0].forEach((want, i) => expect(v[i]).toBeCloseTo(want, 9));
  });

  it('has unit gain at DC, so a constant stays constant after filtfilt', () => {
    const sos = butterLowpass(8, 0.04);
    const dc = sos.reduce(
      (g, s) => (g * (s[0] + s[1] + s[2])) / (s[3] + s[4] + s[5]),
      1
    );
    expect(dc).toBeCloseTo(1, 12);
    const out = sosFiltFilt(sos, new Float64Array(200).fill(3.5));
    out.forEach(x => expect(x).toBeCloseTo(3.5, 9));
  });

  it('gives the slope of a ramp as velocity and zero acceleration inside', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), slope => {
        const ramp = Float64Array.from(
          { length: 2000 },
          (_, i) => (slope * i) / 1000
        );
        const { velocity, acceleration } = velocityFiltered(ramp, 1000);
        expect(velocity[0]).toBe(0);
        // Away from the edges, where the filter's start-up transient has died out.
        for (let i = 600; i < 1400; i++) {
          expect(Math.abs(velocity[i] - slope)).toBeLessThan(
            1e-6 * (1 + Math.abs(slope))
          );
          expect(Math.abs(acceleration[i])).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 20 }
    );
  });

  it('refuses signals shorter than the filter padding', () => {
    expect(() =>
      sosFiltFilt(butterLowpass(8, 0.04), new Float64Array(27))
    ).toThrow(/too few/);
    expect(Array.from(derivative([1, 3, 6], 10))).toEqual([0, 20, 30]);
  });
});
