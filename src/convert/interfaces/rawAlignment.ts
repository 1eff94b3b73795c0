/**
 * Probe clock → session clock for raw ephys. IBL aligns each probe with sync
 * pulses; the map is piecewise linear through (sample, session seconds)
 * points. When it is linear to well under a sample, `rate` and
 * `starting_time` describe it exactly and save NWB readers an 8-byte
 * timestamp per sample (IBL's 2026 release writes ~1.3 GB of them per probe).
 */

export type RawTiming =
  | {
      kind: 'rate';
      rate: number;
      startingTime: number;
      aligned: boolean;
      maxResidual: number;
    }
  | { kind: 'timestamps'; samples: Float64Array; seconds: Float64Array };

/** Least-squares line through the points: seconds = t0 + sample / rate. */
function fitLine(
  samples: Float64Array,
  seconds: Float64Array
): { t0: number; slope: number } {
  const n = samples.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += samples[i];
    my += seconds[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (samples[i] - mx) * (samples[i] - mx);
    sxy += (samples[i] - mx) * (seconds[i] - my);
  }
  const slope = sxy / sxx;
  return { t0: my - slope * mx, slope };
}

/**
 * Decide the timing of a raw series from the alignment points (may be empty:
 * no sync file, so the probe clock is used as is and said to be unaligned).
 * `tolerance` is the largest error (seconds) a rate may make; default a tenth of a sample.
 */
export function rawTiming(
  samples: Float64Array,
  seconds: Float64Array,
  fs: number,
  tolerance = 0.1 / fs
): RawTiming {
  if (samples.length < 2) {
    const startingTime =
      samples.length === 1 ? seconds[0] - samples[0] / fs : 0;
    return {
      kind: 'rate',
      rate: fs,
      startingTime,
      aligned: samples.length === 1,
      maxResidual: 0
    };
  }
  const { t0, slope } = fitLine(samples, seconds);
  let maxResidual = 0;
  for (let i = 0; i < samples.length; i++) {
    maxResidual = Math.max(
      maxResidual,
      Math.abs(t0 + slope * samples[i] - seconds[i])
    );
  }
  if (maxResidual <= tolerance) {
    return {
      kind: 'rate',
      rate: 1 / slope,
      startingTime: t0,
      aligned: true,
      maxResidual
    };
  }
  return { kind: 'timestamps', samples, seconds };
}

/** Session times of samples [from, to) by linear interpolation (extrapolating at the ends). */
export function interpolateTimes(
  samples: Float64Array,
  seconds: Float64Array,
  from: number,
  to: number
): Float64Array {
  const out = new Float64Array(to - from);
  let k = 0;
  for (let s = from; s < to; s++) {
    while (k < samples.length - 2 && s >= samples[k + 1]) {
      k++;
    }
    const slope = (seconds[k + 1] - seconds[k]) / (samples[k + 1] - samples[k]);
    out[s - from] = seconds[k] + (s - samples[k]) * slope;
  }
  return out;
}

/**
 * The points that time samples [0, nSamples): the segment holding the first
 * sample, the one holding the last, and every point between (interpolation and
 * extrapolation of those samples give the same times from these as from all
 * points). An excerpt inside one linear segment then gets a rate, not
 * per-sample timestamps the NWB Inspector would call regular.
 */
export function pointsCovering(
  samples: Float64Array,
  seconds: Float64Array,
  nSamples: number
): { samples: Float64Array; seconds: Float64Array } {
  const n = samples.length;
  if (n <= 2 || nSamples <= 0) {
    return { samples, seconds };
  }
  // The segment of sample s is [k, k+1] with k the last point ≤ s, kept within [0, n-2].
  const segment = (s: number) => {
    let k = 0;
    while (k < n - 2 && s >= samples[k + 1]) {
      k++;
    }
    return k;
  };
  const from = segment(0);
  const to = segment(nSamples - 1) + 1;
  return {
    samples: samples.subarray(from, to + 1),
    seconds: seconds.subarray(from, to + 1)
  };
}
