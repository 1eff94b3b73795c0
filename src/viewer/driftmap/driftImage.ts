/**
 * A driftmap image: spikes binned into depth × time bins at the plot's
 * pixel resolution, with per bin the spike count, the amplitude sum (for
 * the mean) and the largest amplitude (so decimation keeps the extremes).
 *
 * Spikes arrive chunk by chunk and the data's extent is not known before
 * they are all read, so an axis that is not fixed grows: its bin width
 * doubles (pairs of bins merge exactly, nothing is re-read) until the new
 * values fit. A fixed axis (the time window being shown) drops what falls
 * outside it.
 */

/** One axis of the image: `bins` bins of `width` from `origin`. */
export interface IAxisBins {
  origin: number;
  width: number;
  readonly bins: number;
  /** A fixed axis never grows: values outside `[origin, origin + bins·width)` are dropped. */
  readonly fixed: boolean;
}

export type DriftAggregate = 'max' | 'mean' | 'count';

export class DriftImage {
  readonly count: Uint32Array;
  readonly sum: Float64Array;
  readonly max: Float64Array;
  /** Spikes binned (inside the axes, finite). */
  spikes = 0;
  /** Smallest and largest time and depth binned (NaN before any). */
  readonly seen = { t0: NaN, t1: NaN, d0: NaN, d1: NaN };

  constructor(
    readonly time: IAxisBins,
    readonly depth: IAxisBins
  ) {
    if (time.bins % 2 || depth.bins % 2 || time.bins < 2 || depth.bins < 2) {
      // Growth merges bins in pairs.
      throw new Error('driftmap bins must be even and at least 2 per axis');
    }
    if (!(time.width > 0) || !(depth.width > 0)) {
      throw new Error('driftmap bin widths must be positive');
    }
    const n = time.bins * depth.bins;
    this.count = new Uint32Array(n);
    this.sum = new Float64Array(n);
    this.max = new Float64Array(n).fill(-Infinity);
  }

  /** Bin spikes `[from, to)` of three aligned arrays. NaN times or depths are skipped. */
  add(
    times: ArrayLike<number>,
    depths: ArrayLike<number>,
    amps: ArrayLike<number>,
    from = 0,
    to = times.length
  ): void {
    this.fit(this.time, times, from, to);
    this.fit(this.depth, depths, from, to);
    const { time: t, depth: d, seen } = this;
    const cols = t.bins;
    for (let i = from; i < to; i++) {
      const x = Math.floor((times[i] - t.origin) / t.width);
      const y = Math.floor((depths[i] - d.origin) / d.width);
      // NaN fails both comparisons.
      if (!(x >= 0 && x < cols && y >= 0 && y < d.bins)) {
        continue;
      }
      const k = y * cols + x;
      const a = amps[i];
      this.count[k]++;
      this.sum[k] += a;
      if (a > this.max[k]) {
        this.max[k] = a;
      }
      this.spikes++;
      seen.t0 = !(seen.t0 <= times[i]) ? times[i] : seen.t0;
      seen.t1 = !(seen.t1 >= times[i]) ? times[i] : seen.t1;
      seen.d0 = !(seen.d0 <= depths[i]) ? depths[i] : seen.d0;
      seen.d1 = !(seen.d1 >= depths[i]) ? depths[i] : seen.d1;
    }
  }

  /**
   * Per bin (row-major, depth rows from the shallowest origin up, time
   * columns): the largest amplitude, the mean amplitude or the spike
   * count; NaN where a bin has no spike.
   */
  values(aggregate: DriftAggregate): Float64Array {
    const out = new Float64Array(this.count.length);
    for (let k = 0; k < out.length; k++) {
      const n = this.count[k];
      out[k] =
        n === 0
          ? NaN
          : aggregate === 'max'
            ? this.max[k]
            : aggregate === 'mean'
              ? this.sum[k] / n
              : n;
    }
    return out;
  }

  /** Double `axis`'s bin width (growing left or right) until `values` fit. */
  private fit(
    axis: IAxisBins,
    values: ArrayLike<number>,
    from: number,
    to: number
  ): void {
    if (axis.fixed) {
      return;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        continue;
      }
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
    while (lo < axis.origin || hi >= axis.origin + axis.bins * axis.width) {
      this.grow(axis, lo < axis.origin);
    }
  }

  /**
   * Merge bins in pairs: the axis spans twice as much, extended to the left
   * (old bins move to the upper half) or to the right.
   */
  private grow(axis: IAxisBins, left: boolean): void {
    const n = axis.bins;
    const isTime = axis === this.time;
    const cols = this.time.bins;
    const rows = this.depth.bins;
    const count = this.count.slice();
    const sum = this.sum.slice();
    const max = this.max.slice();
    this.count.fill(0);
    this.sum.fill(0);
    this.max.fill(-Infinity);
    const shift = left ? n : 0;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const from = y * cols + x;
        const to = isTime
          ? y * cols + ((x + shift) >> 1)
          : ((y + shift) >> 1) * cols + x;
        this.count[to] += count[from];
        this.sum[to] += sum[from];
        if (max[from] > this.max[to]) {
          this.max[to] = max[from];
        }
      }
    }
    if (left) {
      axis.origin -= n * axis.width;
    }
    axis.width *= 2;
  }
}

/**
 * An axis of `bins` bins over `[lo, hi]` (a degenerate or non-finite span
 * gets one unit, so the first growth step is not astronomically small).
 */
export function axisOver(
  lo: number,
  hi: number,
  bins: number,
  fixed = false
): IAxisBins {
  const ok = Number.isFinite(lo) && Number.isFinite(hi);
  const origin = ok ? lo : 0;
  const span = ok && hi > lo ? hi - lo : 1;
  // A fixed axis is `[lo, hi)` (a window); a growing one is a hair wider
  // than the span so `hi` itself falls in the last bin.
  return { origin, width: (span / bins) * (fixed ? 1 : 1 + 1e-9), bins, fixed };
}
