/**
 * Peri-stimulus time histograms: bin aligned spikes per trial, then the
 * mean firing rate ± standard error of the mean over the trials of a group.
 */

/** `bins + 1` equally spaced edges from `pre` to `post`. */
export function binEdges(
  pre: number,
  post: number,
  width: number
): Float64Array {
  const bins = Math.max(1, Math.round((post - pre) / width));
  return Float64Array.from(
    { length: bins + 1 },
    (_, i) => pre + ((post - pre) * i) / bins
  );
}

/**
 * Spike counts per bin of one trial: `[edges[k], edges[k+1])`, the last
 * bin closed on the right (as numpy.histogram does).
 */
export function binCounts(
  aligned: ArrayLike<number>,
  edges: ArrayLike<number>
): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  for (let i = 0; i < aligned.length; i++) {
    const t = aligned[i];
    if (t < edges[0] || t > edges[bins]) {
      continue;
    }
    // Bisect the edges: robust to rounding in the edge values.
    let lo = 0;
    let hi = bins;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (t >= edges[mid]) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    counts[lo]++;
  }
  return counts;
}

/** Mean and standard error of the mean (sample standard deviation / √n) per bin. */
export interface IMeanSem {
  readonly mean: Float64Array;
  readonly sem: Float64Array;
  /** Number of trials averaged. */
  readonly n: number;
}

/** Mean ± SEM over rows (trials) of equal length; SEM is 0 for fewer than 2 rows. */
export function meanSem(
  rows: readonly ArrayLike<number>[],
  bins: number
): IMeanSem {
  const n = rows.length;
  const mean = new Float64Array(bins);
  const sem = new Float64Array(bins);
  if (n === 0) {
    return { mean: mean.fill(NaN), sem: sem.fill(NaN), n };
  }
  for (const row of rows) {
    for (let b = 0; b < bins; b++) {
      mean[b] += row[b] / n;
    }
  }
  if (n > 1) {
    for (let b = 0; b < bins; b++) {
      let squares = 0;
      for (const row of rows) {
        squares += (row[b] - mean[b]) ** 2;
      }
      sem[b] = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }
  }
  return { mean, sem, n };
}

/** The PSTH of one group of trials, in spikes per second. */
export interface IGroupPsth extends IMeanSem {
  readonly label: string;
  readonly trials: readonly number[];
}

/**
 * Firing-rate PSTH of each group: every trial's counts divided by the bin
 * width, averaged over the group's trials.
 */
export function groupPsth(
  aligned: readonly ArrayLike<number>[],
  groups: readonly { label: string; trials: readonly number[] }[],
  edges: ArrayLike<number>
): IGroupPsth[] {
  const bins = edges.length - 1;
  const rates = aligned.map(trial => {
    const counts = binCounts(trial, edges);
    for (let b = 0; b < bins; b++) {
      counts[b] /= edges[b + 1] - edges[b];
    }
    return counts;
  });
  return groups.map(group => ({
    label: group.label,
    trials: group.trials,
    ...meanSem(
      group.trials.map(t => rates[t]),
      bins
    )
  }));
}
