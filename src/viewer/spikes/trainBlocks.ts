import { lowerBound } from './align';

/**
 * Finding one unit's spikes in a time window by reading only the blocks of
 * `spike_times` the window overlaps (plus, at worst, a neighbour or two).
 *
 * Why blocks: HDF5 reads a compressed chunk whole even for one value, so a
 * read's cost is the chunks it touches, not its length. A block is one
 * chunk of `spike_times` (or a few pages when the chunks are read in part):
 * every read here is a whole block (its part inside the train), so each
 * read is paid for by what it returns. The search never reads a train's
 * first or last spike unless the window is there.
 */

/** Reads `spike_times[from, to)` as numbers. */
export type RangeRead = (from: number, to: number) => Promise<Float64Array>;

/**
 * Where the window was found in other units, as fractions of their train
 * (`(i - a) / (b - a)`): units recorded over the same session put a time
 * at about the same fraction of their train, so this guesses the block.
 */
export interface IWindowHint {
  readonly from: number;
  readonly to: number;
}

export interface ITrainWindow {
  /** `[from, to)`: the window's spikes in `spike_times`. */
  readonly from: number;
  readonly to: number;
  /** `spike_times[from, to)`. */
  readonly times: Float64Array;
  /**
   * A block read was not in ascending order: the search cannot be trusted
   * and the caller must read the train whole.
   */
  readonly unsorted: boolean;
}

function ascending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] >= values[i - 1])) {
      return false;
    }
  }
  return values.length === 0 || !Number.isNaN(values[0]);
}

/**
 * The spikes of the train `spike_times[a, b)` in `[t0, t1)`, reading it by
 * blocks of `block` elements aligned on multiples of `block` (chunk
 * boundaries). The block holding `t0` is guessed from `hint` (else the
 * middle), then found by galloping and bisection over blocks; the blocks
 * up to `t1` are read in one read when the hint predicts them.
 */
export async function trainWindow(
  read: RangeRead,
  a: number,
  b: number,
  block: number,
  t0: number,
  t1: number,
  hint?: IWindowHint
): Promise<ITrainWindow> {
  const held = new Map<number, Float64Array>();
  let unsorted = false;
  const blockOf = (i: number) => Math.floor(i / block);
  const start = (k: number) => Math.max(a, k * block);
  const stop = (k: number) => Math.min(b, (k + 1) * block);
  const keep = (k: number, values: Float64Array) => {
    unsorted ||= !ascending(values);
    const before = held.get(k - 1);
    const after = held.get(k + 1);
    if (before?.length && !(values[0] >= before[before.length - 1])) {
      unsorted = true;
    }
    if (after?.length && !(after[0] >= values[values.length - 1])) {
      unsorted = true;
    }
    held.set(k, values);
  };
  /** Blocks `k0..k1` (inclusive) not held yet, in one read. */
  const fetch = async (k0: number, k1: number) => {
    while (k0 <= k1 && held.has(k0)) {
      k0++;
    }
    while (k1 >= k0 && held.has(k1)) {
      k1--;
    }
    if (k0 > k1) {
      return;
    }
    const values = await read(start(k0), stop(k1));
    for (let k = k0; k <= k1; k++) {
      keep(k, values.subarray(start(k) - start(k0), stop(k) - start(k0)));
    }
  };
  const segment = async (k: number) => {
    await fetch(k, k);
    return held.get(k) as Float64Array;
  };
  const first = blockOf(a);
  const last = blockOf(b - 1);
  const guess = (fraction: number | undefined, lo: number, hi: number) => {
    const k =
      fraction === undefined || !Number.isFinite(fraction)
        ? (lo + hi) >> 1
        : blockOf(a + Math.min(b - a - 1, Math.max(0, fraction * (b - a))));
    return Math.min(hi, Math.max(lo, k));
  };
  /**
   * The first block in `[lo, hi]` whose last value is `>= t` (`hi + 1` if
   * none): gallop from `k` until the answer is bracketed, then bisect.
   * A block whose first value is already `< t` needs no look to its left.
   */
  const firstBlockReaching = async (
    t: number,
    lo: number,
    hi: number,
    k: number
  ) => {
    let found = hi + 1;
    let step = 1;
    let bracketed = false;
    let direction = 0;
    while (lo <= hi) {
      const values = await segment(k);
      if (unsorted) {
        return found;
      }
      if (values.length && values[values.length - 1] >= t) {
        found = k;
        if (values[0] < t || k === lo) {
          return k;
        }
        hi = k - 1;
        bracketed ||= direction > 0;
        direction = -1;
      } else {
        lo = k + 1;
        bracketed ||= direction < 0;
        direction = 1;
      }
      if (lo > hi) {
        break;
      }
      // Blocks already read cost nothing: step over them first.
      k = bracketed ? (lo + hi) >> 1 : k + direction * step;
      step *= 2;
      k = Math.min(hi, Math.max(lo, k));
    }
    return found;
  };
  const empty = (at: number): ITrainWindow => ({
    from: at,
    to: at,
    times: new Float64Array(0),
    unsorted
  });
  if (b <= a || !(t1 > t0)) {
    return empty(a);
  }
  const k0 = await firstBlockReaching(
    t0,
    first,
    last,
    guess(hint?.from, first, last)
  );
  if (unsorted || k0 > last) {
    return empty(b);
  }
  const from = start(k0) + lowerBound(held.get(k0) as Float64Array, t0);
  // The blocks the hint puts inside the window are read together.
  const predicted = guess(hint?.to, k0, last);
  if (hint && predicted - 1 > k0) {
    await fetch(k0 + 1, predicted - 1);
  }
  let lo = k0;
  while (lo < last && held.has(lo) && !reaches(held.get(lo)!, t1)) {
    lo++;
  }
  const k1 = reaches(held.get(lo) ?? new Float64Array(0), t1)
    ? lo
    : await firstBlockReaching(
        t1,
        lo,
        last,
        hint ? Math.max(lo, predicted) : lo
      );
  if (unsorted) {
    return empty(from);
  }
  const to =
    k1 > last ? b : start(k1) + lowerBound(held.get(k1) as Float64Array, t1);
  // Galloping may have stepped over blocks inside the window: read them.
  for (let k = k0; k <= Math.min(k1, last); k++) {
    if (!held.has(k)) {
      let end = k;
      while (end < Math.min(k1, last) && !held.has(end + 1)) {
        end++;
      }
      await fetch(k, end);
    }
  }
  if (unsorted) {
    return empty(from);
  }
  const times = new Float64Array(Math.max(0, to - from));
  for (let k = k0; k <= Math.min(k1, last); k++) {
    const values = held.get(k) as Float64Array;
    const s = Math.max(from, start(k));
    const e = Math.min(to, stop(k));
    if (e > s) {
      times.set(values.subarray(s - start(k), e - start(k)), s - from);
    }
  }
  return { from, to, times, unsorted };

  function reaches(values: Float64Array, t: number): boolean {
    return values.length > 0 && values[values.length - 1] >= t;
  }
}
