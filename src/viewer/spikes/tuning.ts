/**
 * Tuning curves (nwbwidgets' TuningCurveWidget): a unit's firing rate in a
 * window after an event, averaged over the trials of each value of a
 * trials column. Pure: no I/O, no DOM.
 */
import { meanSem } from './psth';
import { groupTrials } from './trialGroups';

/** The mean rate ± SEM of the trials with one value of the column. */
export interface ITuningPoint {
  readonly label: string;
  /** The value as a number, NaN for text (or a NaN value). */
  readonly value: number;
  /** Spikes per second, averaged over `n` trials. */
  readonly mean: number;
  readonly sem: number;
  readonly n: number;
}

export interface ITuningCurve {
  /** Every value is a number (a curve over the values); else categories (points). */
  readonly numeric: boolean;
  /** In display order: ascending values, or label order for categories. */
  readonly points: ITuningPoint[];
  /** Trials left out of a numeric curve because their value is NaN. */
  readonly withoutValue: number;
}

/** Whether every label but `NaN` reads as a finite number. */
export function numericLabels(labels: readonly string[]): boolean {
  const values = labels.filter(l => l !== 'NaN');
  return (
    values.length > 0 &&
    values.every(l => l.trim() !== '' && Number.isFinite(Number(l)))
  );
}

/**
 * The tuning curve of one unit. `counts[t]` is the number of spikes of
 * trial `t` in the window, which lasts `seconds`; trials that fail `keep`
 * (no event) are left out. A trial's rate is its count / `seconds`; each
 * point is the mean ± SEM (sample standard deviation / √n) of its trials'
 * rates. A numeric column's NaN trials are counted in `withoutValue`, not
 * drawn; a text column keeps `NaN` as a category.
 */
export function tuningCurve(
  counts: ArrayLike<number>,
  values: readonly string[],
  keep: (trial: number) => boolean,
  seconds: number
): ITuningCurve {
  const groups = groupTrials(counts.length, keep, values);
  const numeric = numericLabels(groups.map(g => g.label));
  let withoutValue = 0;
  const points: ITuningPoint[] = [];
  for (const group of groups) {
    if (numeric && group.label === 'NaN') {
      withoutValue += group.trials.length;
      continue;
    }
    const rates = group.trials.map(t => [counts[t] / seconds]);
    const { mean, sem, n } = meanSem(rates, 1);
    points.push({
      label: group.label,
      value: numeric ? Number(group.label) : NaN,
      mean: mean[0],
      sem: sem[0],
      n
    });
  }
  return { numeric, points, withoutValue };
}
