import type { H5Slice } from '../model/source';
import type { INeurodataNode } from '../model/tree';
import { lowerBound, sortedTimes } from './align';

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
 * Reads spike trains by unit. The index (one offset per unit) is read
 * once; a unit's spikes are `spike_times[index[u-1] : index[u]]`.
 */
export class SpikeTrains {
  private ends: Float64Array | null = null;

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
   * The spikes of each unit in `[t0, t1)`. Long trains are bisected
   * in the file so only the window is read.
   */
  async window(
    units: number[],
    t0: number,
    t1: number
  ): Promise<Float64Array[]> {
    return Promise.all(
      units.map(async u => {
        const [a, b] = await this.range(u);
        if (b - a <= WHOLE_TRAIN) {
          const all = await this.unit(u);
          return all.slice(lowerBound(all, t0), lowerBound(all, t1));
        }
        const from = await this.bisect(a, b, t0);
        const to = await this.bisect(from, b, t1);
        return to > from
          ? sortedTimes(
              await this.numbers(this.layout.spikeTimesPath, from, to)
            )
          : new Float64Array(0);
      })
    );
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

  private async offsets(): Promise<Float64Array> {
    if (!this.ends) {
      this.ends = await this.numbers(
        this.layout.indexPath,
        0,
        this.layout.units
      );
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
