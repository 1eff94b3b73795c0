import { describe, expect, it } from 'vitest';

import {
  interpolateTimes,
  pointsCovering,
  rawTiming
} from '../../../src/convert/interfaces/rawAlignment';
import { SampleDigest } from '../../../src/convert/fidelity/digest';

const FS = 30000;

describe('raw ephys timing', () => {
  it('uses the probe clock, flagged unaligned, without sync points', () => {
    expect(rawTiming(new Float64Array(0), new Float64Array(0), FS)).toEqual({
      kind: 'rate',
      rate: FS,
      startingTime: 0,
      aligned: false,
      maxResidual: 0
    });
  });

  it('turns a linear map into rate and starting time', () => {
    // A probe clock 20 ppm fast, started 12.5 s into the session.
    const samples = Float64Array.from([0, 3e6, 6e6, 9e6]);
    const seconds = samples.map(s => 12.5 + s / (FS * (1 + 20e-6)));
    const timing = rawTiming(samples, seconds, FS);
    expect(timing.kind).toBe('rate');
    if (timing.kind === 'rate') {
      expect(timing.aligned).toBe(true);
      expect(timing.startingTime).toBeCloseTo(12.5, 9);
      expect(timing.rate).toBeCloseTo(FS * (1 + 20e-6), 6);
      expect(timing.maxResidual).toBeLessThan(1e-9);
    }
  });

  it('keeps per-sample timestamps when the drift is not linear', () => {
    const samples = Float64Array.from([0, 3e6, 6e6, 9e6]);
    const seconds = Float64Array.from([0, 100, 200.01, 300]);
    expect(rawTiming(samples, seconds, FS).kind).toBe('timestamps');
  });

  it('interpolates and extrapolates like numpy.interp with linear ends', () => {
    const samples = Float64Array.from([100, 200, 400]);
    const seconds = Float64Array.from([1, 2, 5]);
    const brute = (s: number) =>
      s < 200 ? 1 + (s - 100) / 100 : 2 + ((s - 200) * 3) / 200;
    const got = interpolateTimes(samples, seconds, 0, 600);
    for (let s = 0; s < 600; s++) {
      expect(got[s]).toBeCloseTo(brute(s), 12);
    }
  });
});

describe('SampleDigest', () => {
  const digest = (values: number[], split = values.length) => {
    const d = new SampleDigest();
    d.update(Int16Array.from(values.slice(0, split)));
    d.update(Int16Array.from(values.slice(split)));
    return d.value;
  };

  it('is the same however the stream is sliced', () => {
    const values = Array.from(
      { length: 1000 },
      (_, i) => ((i * 7919) % 65536) - 32768
    );
    expect(digest(values, 3)).toBe(digest(values, 999));
  });

  it('changes with any value, its position, or the count', () => {
    const values = [1, -2, 3, 32767, -32768];
    const base = digest(values);
    expect(digest([1, -2, 3, 32767, -32767])).not.toBe(base);
    expect(digest([-2, 1, 3, 32767, -32768])).not.toBe(base);
    expect(digest([...values, 0])).not.toBe(base);
  });
});

describe('the alignment points that time an excerpt', () => {
  const samples = Float64Array.from([0, 3000, 6000, 9000]);
  const seconds = Float64Array.from([3.25, 3.35, 3.4512, 3.55]);

  it('keeps only the segment an excerpt lies in, so a linear stretch gets a rate', () => {
    const covering = pointsCovering(samples, seconds, 600);
    expect(Array.from(covering.samples)).toEqual([0, 3000]);
    expect(rawTiming(covering.samples, covering.seconds, FS).kind).toBe('rate');
    expect(rawTiming(samples, seconds, FS).kind).toBe('timestamps');
  });

  it('gives every sample the time all the points give it', () => {
    for (const n of [1, 600, 3001, 6500, 12000]) {
      const covering = pointsCovering(samples, seconds, n);
      const all = interpolateTimes(samples, seconds, 0, n);
      const kept = interpolateTimes(covering.samples, covering.seconds, 0, n);
      expect(kept).toEqual(all);
    }
  });
});
