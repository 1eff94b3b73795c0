/**
 * Which sample blocks to read for a set of trial windows: the pure part of
 * the lazy reads. Windows are merged into one read when the samples between
 * them cost less than a separate request (`maxGap` samples), so dense trials
 * become one contiguous block and sparse ones stay apart: never the whole
 * series when the windows are sparse.
 */

/** Bytes between two windows below which they are read as one block. */
export const GAP_BYTES = 64 * 1024;

/** One read: samples `[start, end)`, and the trials whose windows it holds. */
export interface IReadBlock {
  readonly start: number;
  readonly end: number;
  readonly trials: number[];
}

/**
 * Merge per-trial sample ranges (`null`: trial not read, e.g. NaN event or
 * window outside the series) into blocks, in ascending order.
 */
export function planReads(
  ranges: readonly ([number, number] | null)[],
  maxGap: number
): IReadBlock[] {
  const order = ranges
    .map((range, trial) => ({ range, trial }))
    .filter(
      (r): r is { range: [number, number]; trial: number } =>
        r.range !== null && r.range[1] > r.range[0]
    )
    .sort((a, b) => a.range[0] - b.range[0]);
  const blocks: { start: number; end: number; trials: number[] }[] = [];
  for (const { range, trial } of order) {
    const last = blocks[blocks.length - 1];
    if (last && range[0] - last.end <= maxGap) {
      last.end = Math.max(last.end, range[1]);
      last.trials.push(trial);
    } else {
      blocks.push({ start: range[0], end: range[1], trials: [trial] });
    }
  }
  return blocks;
}

/** Samples of `bytesPerSample` bytes that fit in `GAP_BYTES` (at least 1). */
export function gapSamples(bytesPerSample: number): number {
  return Math.max(1, Math.floor(GAP_BYTES / Math.max(1, bytesPerSample)));
}
