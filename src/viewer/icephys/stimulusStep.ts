/** Where a sweep's stimulus steps away from its holding value, and back. */
export interface IStep {
  /** Index of the first sample off the holding value (-1: a flat stimulus). */
  readonly onset: number;
  /** Index of the first sample back at the holding value (length if it never returns). */
  readonly end: number;
}

/**
 * The step of a stimulus: the holding value is its first sample; a sample
 * is "off" it when it differs by more than a millionth of the stimulus'
 * range, so float noise in a written-back square pulse is not a step.
 */
export function stimulusStep(values: ArrayLike<number>): IStep {
  const n = values.length;
  if (n === 0) {
    return { onset: -1, end: 0 };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const tolerance = (hi - lo) * 1e-6;
  const holding = values[0];
  const off = (i: number) => Math.abs(values[i] - holding) > tolerance;
  let onset = 0;
  while (onset < n && !off(onset)) {
    onset++;
  }
  if (onset === n) {
    return { onset: -1, end: n };
  }
  let end = onset;
  while (end < n && off(end)) {
    end++;
  }
  return { onset, end };
}
