/**
 * Group reads of `[start, stop)` ranges of one dataset into batches that
 * follow the file: positions into `ranges`, sorted by start, cut so that a
 * batch covers at most `maxSpan` elements from its first start to its last
 * stop (a longer range is a batch of its own).
 *
 * Why: HDF5 reads a whole chunk (hdmf writes 4 MiB for spike_times) even
 * for one value, and the worker's page cache holds only a few chunks.
 * Units asked for in another order (sorted or grouped by region) would
 * jump between chunks and fetch each one many times; in file order each
 * chunk is fetched about once, and a batch's chunks stay cached while its
 * reads are in flight together.
 */
export function fileOrderBatches(
  ranges: readonly (readonly [number, number])[],
  maxSpan: number
): number[][] {
  const order = ranges
    .map((_, k) => k)
    .sort((x, y) => ranges[x][0] - ranges[y][0] || x - y);
  const batches: number[][] = [];
  let batch: number[] = [];
  let first = 0;
  for (const k of order) {
    const [start, stop] = ranges[k];
    if (batch.length > 0 && Math.max(stop, start) - first > maxSpan) {
      batches.push(batch);
      batch = [];
    }
    if (batch.length === 0) {
      first = start;
    }
    batch.push(k);
  }
  if (batch.length > 0) {
    batches.push(batch);
  }
  return batches;
}
