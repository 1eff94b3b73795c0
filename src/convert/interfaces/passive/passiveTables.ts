/** Passive protocol tables → interval rows as the DANDI 000409 release lays them out (pure). */

export interface IIntervals {
  start: Float64Array;
  stop: Float64Array;
}

export const STIM_TYPES = ['valve', 'tone', 'noise'] as const;

/** One row per valve / tone / noise event of the task replay, sorted by start (stable). */
export function replayEvents(
  columns: Record<string, ArrayLike<number>>
): IIntervals & { stimType: string[] } {
  const rows: [number, number, string][] = [];
  for (const type of STIM_TYPES) {
    const on = columns[`${type}On`] ?? [];
    const off = columns[`${type}Off`] ?? [];
    for (let i = 0; i < on.length; i++) {
      if (!Number.isNaN(on[i])) {
        rows.push([on[i], off[i], type]);
      }
    }
  }
  rows.sort((a, b) => a[0] - b[0]);
  return {
    start: Float64Array.from(rows, r => r[0]),
    stop: Float64Array.from(rows, r => r[1]),
    stimType: rows.map(r => r[2])
  };
}

/**
 * Rows of the Gabor table to keep: a row that starts more than 1 ms before
 * the previous kept row ends is out of chronological order (a known timing
 * corruption) and is dropped.
 */
export function gaborRowsToKeep(
  start: ArrayLike<number>,
  stop: ArrayLike<number>,
  toleranceS = 1e-3
): number[] {
  const keep: number[] = [];
  let end = -Infinity;
  for (let i = 0; i < start.length; i++) {
    if (start[i] >= end - toleranceS) {
      keep.push(i);
      end = stop[i];
    }
  }
  return keep;
}
