/** Plot data for a timeline of intervals: one line segment per row. */
export interface IIntervalTrace {
  readonly name: string;
  /** `[start, stop, NaN, start, stop, NaN, …]`: NaN breaks the line between rows. */
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Distinct values above this make a column useless for colouring. */
export const MAX_CATEGORIES = 12;

/**
 * Group rows by `category` (one trace per value, in first-seen order) so
 * thousands of trials draw as a handful of traces.
 */
export function intervalTraces(
  starts: ArrayLike<number>,
  stops: ArrayLike<number>,
  category?: readonly string[]
): IIntervalTrace[] {
  const rows = Math.min(starts.length, stops.length);
  const groups = new Map<string, number[]>();
  for (let r = 0; r < rows; r++) {
    const key = category ? (category[r] ?? '') : 'intervals';
    const group = groups.get(key) ?? [];
    group.push(r);
    groups.set(key, group);
  }
  return [...groups.entries()].map(([name, members]) => {
    const x = new Float64Array(members.length * 3);
    const y = new Float64Array(members.length * 3);
    members.forEach((r, k) => {
      x.set([Number(starts[r]), Number(stops[r]), NaN], 3 * k);
      y.set([r, r, NaN], 3 * k);
    });
    return { name, x, y };
  });
}

/** Whether a column's values make sensible colour groups. */
export function isCategorical(values: readonly string[]): boolean {
  return values.length > 0 && new Set(values).size <= MAX_CATEGORIES;
}
