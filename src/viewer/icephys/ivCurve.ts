import type { IChannelSamples, ISweepSamples } from './sweepSamples';
import { stimulusStep } from './stimulusStep';
import { groupOnsets } from './sweepTraces';

/** How the response of a sweep is measured in the window. */
export type IvMeasure = 'steady' | 'peak';

/** A window in seconds from the stimulus onset. */
export interface IIvWindow {
  readonly start: number;
  readonly end: number;
}

export interface IIvPoint {
  readonly sweep: string;
  /** Mean stimulus in the window. */
  readonly stimulus: number;
  /** Mean response in the window (steady), or its extreme from the pre-onset baseline (peak). */
  readonly response: number;
}

export interface IIvCurve {
  readonly points: IIvPoint[];
  /** Sweeps left out, with why (no stimulus, no samples in the window). */
  readonly skipped: string[];
  readonly stimulusUnit: string;
  readonly responseUnit: string;
}

/**
 * Window edges closer than this to a sample (seconds) are on it: times come
 * from `i / rate - onset`, whose float error (0.6 - 0.2 = 0.39999999999999997)
 * would otherwise put the first sample after a 0.4 s window inside it.
 */
const EDGE = 1e-9;

/** Indices of `channel` whose time from onset is in `[start, end)`. */
function windowIndices(
  channel: IChannelSamples,
  onset: number,
  window: IIvWindow
): [number, number] {
  const n = channel.times.length;
  let a = 0;
  while (a < n && channel.times[a] - onset < window.start - EDGE) {
    a++;
  }
  let b = a;
  while (b < n && channel.times[b] - onset < window.end - EDGE) {
    b++;
  }
  return [a, b];
}

function mean(values: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = a; i < b; i++) {
    sum += values[i];
  }
  return sum / (b - a);
}

/**
 * The I-V (or V-I) curve of a set of sweeps: per sweep, the stimulus
 * amplitude (its mean in the window) against the response in the same
 * window — its mean ("steady state"), or the sample farthest from the
 * response's mean before the onset ("peak").
 */
export function ivCurve(
  sweeps: ISweepSamples[],
  window: IIvWindow,
  measure: IvMeasure
): IIvCurve {
  const points: IIvPoint[] = [];
  const skipped: string[] = [];
  const onsets = groupOnsets(sweeps);
  for (const [index, sweep] of sweeps.entries()) {
    const { stimulus, response } = sweep;
    if (!stimulus || !response) {
      skipped.push(`${sweep.label}: no ${stimulus ? 'response' : 'stimulus'}`);
      continue;
    }
    const onset = onsets[index];
    const [sa, sb] = windowIndices(stimulus, onset, window);
    const [ra, rb] = windowIndices(response, onset, window);
    if (sb <= sa || rb <= ra) {
      skipped.push(`${sweep.label}: no samples in the window`);
      continue;
    }
    let value = mean(response.values, ra, rb);
    if (measure === 'peak') {
      const [ba, bb] = windowIndices(response, onset, {
        start: -Infinity,
        end: 0
      });
      const baseline =
        bb > ba ? mean(response.values, ba, bb) : response.values[ra];
      let peak = ra;
      for (let i = ra; i < rb; i++) {
        if (
          Math.abs(response.values[i] - baseline) >
          Math.abs(response.values[peak] - baseline)
        ) {
          peak = i;
        }
      }
      value = response.values[peak];
    }
    points.push({
      sweep: sweep.label,
      stimulus: mean(stimulus.values, sa, sb),
      response: value
    });
  }
  points.sort((p, q) => p.stimulus - q.stimulus);
  return {
    points,
    skipped,
    stimulusUnit: sweeps.find(s => s.stimulus)?.stimulus?.unit ?? '',
    responseUnit: sweeps.find(s => s.response)?.response?.unit ?? ''
  };
}

/**
 * The window to measure in before the user sets one: the last quarter of the
 * first sweep's step (where the membrane has settled) for the steady state,
 * the whole step for the peak; [0, 0.1] s when no sweep has a step.
 */
export function defaultIvWindow(
  sweeps: ISweepSamples[],
  measure: IvMeasure
): IIvWindow {
  for (const sweep of sweeps) {
    const stimulus = sweep.stimulus;
    if (!stimulus) {
      continue;
    }
    const { onset, end } = stimulusStep(stimulus.values);
    if (onset > 0 && end > onset) {
      const t0 = stimulus.times[onset];
      const t1 =
        end < stimulus.times.length
          ? stimulus.times[end]
          : stimulus.times[end - 1];
      const length = t1 - t0;
      return measure === 'steady'
        ? { start: 0.75 * length, end: length }
        : { start: 0, end: length };
    }
  }
  return { start: 0, end: 0.1 };
}
