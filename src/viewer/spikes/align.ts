/**
 * Trial alignment of one unit's spike train: the pure part of the
 * trial-aligned raster (no I/O, no DOM).
 */

/** First index `i` in `[lo, hi)` with `sorted[i] >= x` (`hi` if none). */
export function lowerBound(
  sorted: ArrayLike<number>,
  x: number,
  lo = 0,
  hi = sorted.length
): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** The spike times in ascending order (NWB does not promise sorted trains). */
export function sortedTimes(spikes: ArrayLike<number>): Float64Array {
  const times = Float64Array.from(spikes);
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) {
      return times.sort();
    }
  }
  return times;
}

/**
 * Spike times relative to each event, kept when `pre <= t - event < post`.
 * A NaN event (trial without that event, e.g. no feedback) gives no spikes.
 * `spikes` must be sorted.
 */
export function alignSpikes(
  spikes: ArrayLike<number>,
  events: ArrayLike<number>,
  pre: number,
  post: number
): Float64Array[] {
  const aligned: Float64Array[] = [];
  for (let e = 0; e < events.length; e++) {
    const event = events[e];
    if (!Number.isFinite(event)) {
      aligned.push(new Float64Array(0));
      continue;
    }
    // Bisect a little wide, then test each candidate exactly as `t - event`.
    const slack = 1e-9 * Math.max(1, Math.abs(event));
    const from = lowerBound(spikes, event + pre - slack);
    const to = lowerBound(spikes, event + post + slack, from);
    const kept: number[] = [];
    for (let i = from; i < to; i++) {
      const t = spikes[i] - event;
      if (t >= pre && t < post) {
        kept.push(t);
      }
    }
    aligned.push(Float64Array.from(kept));
  }
  return aligned;
}
