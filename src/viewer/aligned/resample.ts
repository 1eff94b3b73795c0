/**
 * Trial alignment of a sampled series, the pure part: the common time grid
 * around each event, linear interpolation onto it, and the mean ± SEM over
 * trials that ignores grid points a trial has no data for.
 *
 * Rule (shown to the user): each trial's samples are linearly interpolated
 * at `event + grid[k]`; a grid point before the series' first sample or after
 * its last, or next to a NaN sample, is NaN for that trial (never
 * extrapolated) and left out of that point's mean, SEM and count.
 */
import type { IMeanSem } from '../spikes/psth';

/** Grid points drawn per trial at most: the step is widened beyond. */
export const MAX_GRID_POINTS = 2000;

/**
 * Times relative to the event, `from + k·step` for k = 0…K−1 with the last
 * point at most `to` (K ≥ 2). `period` is the series' sampling period: the
 * grid is never finer than it, nor has more than `MAX_GRID_POINTS` points.
 */
export function alignGrid(
  from: number,
  to: number,
  period: number
): Float64Array {
  const span = Math.max(to - from, 1e-9);
  const step = Math.max(
    Number.isFinite(period) && period > 0 ? period : span,
    span / (MAX_GRID_POINTS - 1)
  );
  // A tolerance so that a step dividing the span exactly keeps `to`.
  const count = Math.max(2, Math.floor(span / step + 1e-9) + 1);
  return Float64Array.from({ length: count }, (_, k) => from + k * step);
}

/**
 * `values` (sampled at ascending `times`) linearly interpolated at each of
 * `at` (ascending): NaN outside `[times[0], times[n−1]]`.
 */
export function interpolateAt(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  at: ArrayLike<number>
): Float64Array {
  const n = times.length;
  const out = new Float64Array(at.length).fill(NaN);
  if (n === 0) {
    return out;
  }
  let j = 0;
  for (let k = 0; k < at.length; k++) {
    const t = at[k];
    if (!(t >= times[0] && t <= times[n - 1])) {
      continue;
    }
    // The last sample at or before t (`at` ascending: j only moves forward).
    while (j < n - 1 && times[j + 1] <= t) {
      j++;
    }
    if (times[j] === t || j === n - 1) {
      out[k] = values[j];
      continue;
    }
    const f = (t - times[j]) / (times[j + 1] - times[j]);
    out[k] = values[j] + f * (values[j + 1] - values[j]);
  }
  return out;
}

/** Mean ± SEM per grid point, with the number of trials that had a value there. */
export interface IAlignedMeanSem extends IMeanSem {
  /** Trials with a (non-NaN) value at each grid point. */
  readonly counts: Int32Array;
}

/**
 * Mean and standard error (sample standard deviation / √n) per grid point
 * over the rows that have a value there; `n` is the number of rows. A point
 * with no value is NaN; with one value its SEM is 0.
 */
export function nanMeanSem(
  rows: readonly ArrayLike<number>[],
  points: number
): IAlignedMeanSem {
  const mean = new Float64Array(points);
  const sem = new Float64Array(points);
  const counts = new Int32Array(points);
  for (let k = 0; k < points; k++) {
    let sum = 0;
    let n = 0;
    for (const row of rows) {
      const v = row[k];
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    counts[k] = n;
    if (n === 0) {
      mean[k] = NaN;
      sem[k] = NaN;
      continue;
    }
    const m = sum / n;
    mean[k] = m;
    if (n > 1) {
      let squares = 0;
      for (const row of rows) {
        const v = row[k];
        if (!Number.isNaN(v)) {
          squares += (v - m) ** 2;
        }
      }
      sem[k] = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }
  }
  return { mean, sem, n: rows.length, counts };
}

/** One group's aligned traces and their mean ± SEM. */
export interface IAlignedGroup extends IAlignedMeanSem {
  readonly label: string;
  readonly trials: readonly number[];
}

/** Mean ± SEM of each group of trials (`rows[t]` is trial t's resampled trace). */
export function groupMeans(
  rows: readonly (Float64Array | null)[],
  groups: readonly { label: string; trials: readonly number[] }[],
  points: number
): IAlignedGroup[] {
  return groups.map(group => ({
    label: group.label,
    trials: group.trials,
    ...nanMeanSem(
      group.trials.map(t => rows[t] ?? new Float64Array(points).fill(NaN)),
      points
    )
  }));
}
