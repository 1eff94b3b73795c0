import type { H5Slice } from '../model/source';
import type { INeurodataNode } from '../model/tree';
import { lowerBound, sortedTimes } from './align';
import { fileOrderBatches } from './fileOrder';

/** A unit's leading spikes, its spike count, and its last spike on demand. */
export interface IUnitEdge {
  head: Float64Array;
  spikes: number;
  last(): Promise<number>;
}
/** The viewer's cancellable read. */
export type Reader = (path: string, slice?: H5Slice) => Promise<unknown>;

/** Where a Units table keeps its spike trains. */
export interface IUnitsLayout {
  readonly spikeTimesPath: string;
  readonly indexPath: string;
  readonly units: number;
  readonly idPath?: string;
}

/** A Units table's spike-train datasets, or why it has none usable. */
export function unitsLayout(
  node: INeurodataNode
): { layout: IUnitsLayout } | { reason: string } {
  const child = (name: string) => node.children.find(c => c.name === name);
  const times = child('spike_times');
  const index = child('spike_times_index');
  if (!times || times.kind !== 'dataset') {
    return { reason: 'it has no spike_times column' };
  }
  if (!index || index.kind !== 'dataset') {
    return { reason: 'its spike_times column has no spike_times_index' };
  }
  if (index.dtype && !/^[<>|=!]?([bBhHiIlLqQ]|[iu]\d+)$/.test(index.dtype)) {
    return {
      reason: `its spike_times_index holds ${index.dtype} values, not row offsets`
    };
  }
  const units = index.shape?.[0] ?? 0;
  if (units === 0) {
    return { reason: 'it has no units' };
  }
  return {
    layout: {
      spikeTimesPath: times.path,
      indexPath: index.path,
      units,
      idPath: child('id')?.path
    }
  };
}

/**
 * Trains above this many spikes are bisected for a time window instead of
 * read whole: about the size of the block a bisection ends on anyway.
 */
export const WHOLE_TRAIN = 8192;

/**
 * Most spikes of spike_times (8 MiB of float64, a quarter of the default
 * page cache) spanned by one batch of units.
 */
const BATCH_SPIKES = 1 << 20;

/** Spikes read on each side of a guessed window (8 KiB of float64). */
const GUESS_MARGIN = 1024;

/**
 * Reads spike trains by unit. The index (one offset per unit) is read
 * once; a unit's spikes are `spike_times[index[u-1] : index[u]]`.
 */
export class SpikeTrains {
  /** A promise, so units asked for together share one read of the index. */
  private ends: Promise<Float64Array> | null = null;

  constructor(
    private readonly read: Reader,
    readonly layout: IUnitsLayout
  ) {}

  /** `[start, stop)` of unit `u`'s spikes in `spike_times`. */
  async range(u: number): Promise<[number, number]> {
    const ends = await this.offsets();
    return [u === 0 ? 0 : ends[u - 1], ends[u]];
  }

  /** Number of spikes of every unit. */
  async counts(): Promise<Float64Array> {
    const ends = await this.offsets();
    return ends.map((end, u) => end - (u === 0 ? 0 : ends[u - 1]));
  }

  /** All spikes of unit `u`, sorted. */
  async unit(u: number): Promise<Float64Array> {
    const [a, b] = await this.range(u);
    return b > a
      ? sortedTimes(await this.numbers(this.layout.spikeTimesPath, a, b))
      : new Float64Array(0);
  }

  /**
   * Earliest and latest spike of the given units (one or two one-value
   * reads per unit), or null when none of them has a spike. A train's ends
   * are its first and last values; with `lastToo` false only first spikes
   * are read (the latest is then the latest first spike).
   */
  async extent(
    units: number[],
    lastToo = true
  ): Promise<[number, number] | null> {
    const path = this.layout.spikeTimesPath;
    const ends = await Promise.all(
      units.map(async u => {
        const [a, b] = await this.range(u);
        if (b <= a) {
          return [];
        }
        const [first] = await this.numbers(path, a, a + 1);
        const [last] =
          lastToo && b - 1 > a ? await this.numbers(path, b - 1, b) : [first];
        return [first, last].filter(Number.isFinite);
      })
    );
    const all = ends.flat();
    return all.length ? [Math.min(...all), Math.max(...all)] : null;
  }

  /**
   * The first `count` spikes of each unit, its spike count, and a way to
   * read its last spike. The heads are read in file order, one after the
   * other, so a unit-sorted file's chunks are fetched once each; the last
   * spike is read only when asked (it is another chunk, on a remote file
   * another fetch).
   */
  async edges(units: number[], count: number): Promise<IUnitEdge[]> {
    const path = this.layout.spikeTimesPath;
    const ranges = await Promise.all(units.map(u => this.range(u)));
    const edges: IUnitEdge[] = [];
    for (const [a, b] of ranges) {
      if (b <= a) {
        edges.push({
          head: new Float64Array(0),
          spikes: 0,
          last: async () => NaN
        });
        continue;
      }
      const head = await this.numbers(path, a, Math.min(b, a + count));
      const last =
        b - a > count
          ? async () => (await this.numbers(path, b - 1, b))[0]
          : async () => head[b - a - 1];
      edges.push({ head, spikes: b - a, last });
    }
    return edges;
  }

  /**
   * The spikes of each unit in `[t0, t1)`. Long trains are searched in the
   * file so only the window is read.
   */
  async window(
    units: number[],
    t0: number,
    t1: number
  ): Promise<Float64Array[]> {
    const ranges = await Promise.all(units.map(u => this.range(u)));
    const result: Float64Array[] = new Array(units.length);
    // Units are read in file order, in batches spanning at most
    // BATCH_SPIKES of spike_times: within a batch the reads are issued
    // together (pipelined to the worker) and its chunks stay in the page
    // cache until all its reads are done; across batches each chunk is
    // fetched about once, whatever the order of `units`.
    for (const batch of fileOrderBatches(ranges, BATCH_SPIKES)) {
      await Promise.all(
        batch.map(async k => {
          const [a, b] = ranges[k];
          if (b - a <= WHOLE_TRAIN) {
            const all = await this.unit(units[k]);
            result[k] = all.slice(lowerBound(all, t0), lowerBound(all, t1));
          } else {
            result[k] = sortedTimes(await this.windowOf(a, b, t0, t1));
          }
        })
      );
    }
    return result;
  }

  /**
   * The spikes in `[t0, t1)` of the sorted train `spike_times[a:b]`. Spikes
   * are spread over the session, so the window's place is first guessed
   * from the train's first and last spike and one block around the guess
   * is read (three reads in all); only a guess that misses is finished by
   * bisection. Each read costs about a millisecond of h5wasm work, so this
   * is what keeps a page of 100 units well under a second.
   */
  private async windowOf(
    a: number,
    b: number,
    t0: number,
    t1: number
  ): Promise<Float64Array> {
    const path = this.layout.spikeTimesPath;
    const [first] = await this.numbers(path, a, a + 1);
    const [last] = await this.numbers(path, b - 1, b);
    if (!(t1 > first) || !(last >= t0) || !(t1 > t0)) {
      return new Float64Array(0);
    }
    const guess = (t: number) =>
      t <= first
        ? a
        : t > last
          ? b
          : a + Math.floor(((t - first) / (last - first || 1)) * (b - a));
    const lo = Math.max(a, guess(t0) - GUESS_MARGIN);
    const hi = Math.min(b, guess(t1) + GUESS_MARGIN);
    const block = await this.numbers(path, lo, hi);
    // The window lies inside the block when the block starts before t0
    // (or at the train's start) and ends at or after t1 (or at its end).
    const leftIn = lo === a || block[0] < t0;
    const rightIn = hi === b || block[block.length - 1] >= t1;
    if (leftIn && rightIn) {
      return block.slice(lowerBound(block, t0), lowerBound(block, t1));
    }
    const from = leftIn
      ? lo + lowerBound(block, t0)
      : await this.bisect(a, lo, t0);
    const to = rightIn
      ? lo + lowerBound(block, t1)
      : await this.bisect(hi, b, t1);
    return to > from ? await this.numbers(path, from, to) : new Float64Array(0);
  }

  /** First index in `[lo, hi)` of `spike_times` at or after `t` (sorted trains). */
  private async bisect(lo: number, hi: number, t: number): Promise<number> {
    const path = this.layout.spikeTimesPath;
    // Narrow with single reads, then finish on one small block.
    while (hi - lo > WHOLE_TRAIN / 2) {
      const mid = (lo + hi) >>> 1;
      const [value] = await this.numbers(path, mid, mid + 1);
      if (value < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const block = await this.numbers(path, lo, hi);
    return lo + lowerBound(block, t);
  }

  private offsets(): Promise<Float64Array> {
    if (!this.ends) {
      this.ends = this.numbers(this.layout.indexPath, 0, this.layout.units);
      // A failed read (e.g. cancelled) is retried next time.
      this.ends.catch(() => (this.ends = null));
    }
    return this.ends;
  }

  private async numbers(
    path: string,
    a: number,
    b: number
  ): Promise<Float64Array> {
    const values = (await this.read(path, [[a, b]])) as ArrayLike<
      number | bigint
    >;
    return Float64Array.from(values as ArrayLike<number>, Number);
  }
}
