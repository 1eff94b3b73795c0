/**
 * The viewer's one rule for stray edge times (a timestamp or spike from an
 * unset clock, -1.5e9 s; NaN), used by every opening window so one bad
 * value cannot set it: a value is stray when it is not finite, or when the
 * gap to the next finite value inward is both far larger than the typical
 * step and larger than all the rest of the data. A real gap (a recording
 * in two parts) is never larger than the rest, so it is kept.
 */

/** How many typical steps a gap must exceed to be stray. */
export const STRAY_GAP_STEPS = 1000;

/**
 * How many of `times` (ordered from the edge inward) are stray, at most
 * `limit`. `step` is the data's typical spacing, `body` the extent of the
 * data past the edge.
 */
export function strayEdgeCount(
  times: ArrayLike<number>,
  step: number,
  body: number,
  limit: number
): number {
  const stray = (i: number) => {
    if (!Number.isFinite(times[i])) {
      return true;
    }
    let next: number | undefined;
    for (let j = i + 1; j < times.length; j++) {
      if (Number.isFinite(times[j])) {
        next = times[j];
        break;
      }
    }
    const gap = next === undefined ? 0 : Math.abs(next - times[i]);
    return gap > STRAY_GAP_STEPS * step && gap > body;
  };
  let count = 0;
  while (count < limit && stray(count)) {
    count++;
  }
  return count;
}

/** The lower median of the positive finite values (null when none). */
export function typicalStep(steps: number[]): number | null {
  const positive = steps
    .filter(s => Number.isFinite(s) && s > 0)
    .sort((a, b) => a - b);
  return positive.length ? positive[(positive.length - 1) >> 1] : null;
}
