/** Plot data for a timeline of intervals: one line segment per row. */
export interface IIntervalTrace {
  readonly name: string;
  /**
   * `line`: rows with a start and a stop; `start`: rows whose stop_time is
   * missing (NaN), drawn as a tick at their start.
   */
  readonly kind: 'line' | 'start';
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
  const lines = new Map<string, number[]>();
  const ticks = new Map<string, number[]>();
  for (let r = 0; r < rows; r++) {
    if (!Number.isFinite(Number(starts[r]))) {
      continue; // nothing to place: counted by intervalGaps
    }
    const groups = Number.isFinite(Number(stops[r])) ? lines : ticks;
    const key = category ? (category[r] ?? '') : 'intervals';
    const group = groups.get(key) ?? [];
    group.push(r);
    groups.set(key, group);
  }
  const traces: IIntervalTrace[] = [...lines.entries()].map(
    ([name, members]) => {
      const x = new Float64Array(members.length * 3);
      const y = new Float64Array(members.length * 3);
      members.forEach((r, k) => {
        x.set([Number(starts[r]), Number(stops[r]), NaN], 3 * k);
        y.set([r, r, NaN], 3 * k);
      });
      return { name, kind: 'line' as const, x, y };
    }
  );
  return traces.concat(
    [...ticks.entries()].map(([name, members]) => ({
      name,
      kind: 'start' as const,
      x: Float64Array.from(members, r => Number(starts[r])),
      y: Float64Array.from(members)
    }))
  );
}

/**
 * Why some rows are not drawn as intervals, in words for the toolbar
 * (empty when every row has a start and a stop).
 */
export function intervalGaps(
  starts: ArrayLike<number>,
  stops: ArrayLike<number>
): string {
  const rows = Math.min(starts.length, stops.length);
  let noStop = 0;
  let noStart = 0;
  for (let r = 0; r < rows; r++) {
    if (!Number.isFinite(Number(starts[r]))) {
      noStart++;
    } else if (!Number.isFinite(Number(stops[r]))) {
      noStop++;
    }
  }
  const parts: string[] = [];
  if (noStop) {
    parts.push(
      `${noStop} of ${rows} rows have no stop_time (NaN): drawn as a tick at their start_time`
    );
  }
  if (noStart) {
    parts.push(
      `${noStart} of ${rows} rows have no start_time (NaN) and are not drawn`
    );
  }
  return parts.join('; ');
}

/** Whether a column's values make sensible colour groups. */
export function isCategorical(values: readonly string[]): boolean {
  return values.length > 0 && new Set(values).size <= MAX_CATEGORIES;
}
