import type { IChannelSamples, ISweepSamples } from './sweepSamples';
import { stimulusStep } from './stimulusStep';

/** One line of the overlay: times in seconds from the stimulus onset. */
export interface ISweepLine {
  readonly name: string;
  readonly x: number[];
  readonly y: number[];
}

export interface ISweepOverlay {
  readonly response: ISweepLine[];
  readonly stimulus: ISweepLine[];
  readonly responseUnit: string;
  readonly stimulusUnit: string;
  /** Seconds from each sweep's start to its stimulus onset (see `groupOnsets`). */
  readonly onsets: number[];
}

/**
 * Seconds from the start of a sweep to its stimulus onset (null when its
 * stimulus is flat or absent): the time axis of every panel is shifted by
 * it, so the sweeps of a protocol line up on the step even when their series
 * start at different times in the file.
 */
export function onsetTime(sweep: ISweepSamples): number | null {
  const stimulus = sweep.stimulus;
  if (!stimulus) {
    return null;
  }
  const { onset } = stimulusStep(stimulus.values);
  return onset > 0 ? stimulus.times[onset] : null;
}

/**
 * The onset of each sweep of a group. A sweep with no step of its own (the
 * 0 pA sweep of an I-V protocol) takes the first onset of the group, so its
 * window is measured at the same time as its neighbours'; 0 when none has one.
 */
export function groupOnsets(sweeps: ISweepSamples[]): number[] {
  const own = sweeps.map(onsetTime);
  const shared = own.find(t => t !== null) ?? 0;
  return own.map(t => t ?? shared);
}

/**
 * Min/max per bucket so a trace of any length is drawn with at most
 * `maxPoints` points and keeps its peaks (spikes must not vanish).
 */
export function decimateMinMax(
  channel: IChannelSamples,
  shift: number,
  maxPoints: number
): { x: number[]; y: number[] } {
  const n = channel.values.length;
  const x: number[] = [];
  const y: number[] = [];
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) {
      x.push(channel.times[i] - shift);
      y.push(channel.values[i]);
    }
    return { x, y };
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (channel.values[i] < channel.values[lo]) {
        lo = i;
      }
      if (channel.values[i] > channel.values[hi]) {
        hi = i;
      }
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) {
      x.push(channel.times[i] - shift);
      y.push(channel.values[i]);
    }
  }
  return { x, y };
}

/** The response and stimulus lines of every sweep, aligned on the stimulus onset. */
export function sweepOverlay(
  sweeps: ISweepSamples[],
  maxPointsPerLine = 4000
): ISweepOverlay {
  const onsets = groupOnsets(sweeps);
  const line = (
    sweep: ISweepSamples,
    channel: IChannelSamples | undefined,
    shift: number
  ): ISweepLine[] =>
    channel
      ? [
          {
            name: sweep.label,
            ...decimateMinMax(channel, shift, maxPointsPerLine)
          }
        ]
      : [];
  return {
    response: sweeps.flatMap((s, i) => line(s, s.response, onsets[i])),
    stimulus: sweeps.flatMap((s, i) => line(s, s.stimulus, onsets[i])),
    responseUnit: sweeps.find(s => s.response)?.response?.unit ?? '',
    stimulusUnit: sweeps.find(s => s.stimulus)?.stimulus?.unit ?? '',
    onsets
  };
}
