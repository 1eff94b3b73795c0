import type { H5Slice, IH5DatasetInfo } from '../model/source';
import type { INeurodataNode } from '../model/tree';
import { lowerBound, sortedTimes } from './align';
import { fileOrderBatches } from './fileOrder';
import { readBlockRows } from './readBlock';
import { trainWindow, type IWindowHint } from './trainBlocks';

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
 * Most spikes of spike_times (8 MiB of float64, a quarter of the default
 * page cache) spanned by one batch of units.
 */
const BATCH_SPIKES = 1 << 20;

/**
 * Long trains searched one after the other before the rest of a batch:
 * where the window lies in them (as a fraction of the train) tells the
 * others which block to read first.
 */
const LEARNERS = 2;

/**
 * Reads spike trains by unit. The index (one offset per unit) is read
 * once; a unit's spikes are `spike_times[index[u-1] : index[u]]`.
 */
export class SpikeTrains {
  /** A promise, so units asked for together share one read of the index. */
  private ends: Promise<Float64Array> | null = null;

  /** Rows of spike_times one read covers (see `readBlockRows`). */
  private block: Promise<number> | null = null;

  /**
   * `info`, when given, tells how spike_times is chunked, so a window is
   * read chunk by chunk; without it, by blocks of 128 KiB.
   */
  constructor(
    private readonly read: Reader,
    readonly layout: IUnitsLayout,
    private readonly info?: (path: string) => Promise<IH5DatasetInfo>
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
   * The spikes of each unit in `[t0, t1)`. A train inside one block (a
   * chunk of spike_times, which HDF5 reads whole) is read whole; a longer
   * one is searched block by block so only the blocks the window overlaps
   * are read (`trainWindow`).
   */
  async window(
    units: number[],
    t0: number,
    t1: number
  ): Promise<Float64Array[]> {
    const ranges = await Promise.all(units.map(u => this.range(u)));
    const block = await this.blockRows();
    const blockOf = (i: number) => Math.floor(i / block);
    const result: Float64Array[] = new Array(units.length);
    // Where the window lay in the trains searched so far (fractions).
    const found: [number, number][] = [];
    const hint = (): IWindowHint | undefined =>
      found.length
        ? {
            from: median(found.map(f => f[0])),
            to: median(found.map(f => f[1]))
          }
        : undefined;
    const search = async (k: number, from?: IWindowHint) => {
      const [a, b] = ranges[k];
      const w = await trainWindow(
        (i, j) => this.numbers(this.layout.spikeTimesPath, i, j),
        a,
        b,
        block,
        t0,
        t1,
        from
      );
      if (w.unsorted) {
        // Not sorted in the file: only the whole train gives the window.
        const all = await this.unit(units[k]);
        return all.slice(lowerBound(all, t0), lowerBound(all, t1));
      }
      found.push([(w.from - a) / (b - a), (w.to - a) / (b - a)]);
      return w.times;
    };
    // Units are read in file order, in batches spanning at most
    // BATCH_SPIKES of spike_times: within a batch the reads are issued
    // together (pipelined to the worker) and its chunks stay in the page
    // cache until all its reads are done; across batches each chunk is
    // fetched about once, whatever the order of `units`.
    for (const batch of fileOrderBatches(ranges, BATCH_SPIKES)) {
      const long = batch.filter(
        k => blockOf(ranges[k][1] - 1) > blockOf(ranges[k][0])
      );
      while (found.length < LEARNERS && long.length) {
        const k = long.shift() as number;
        result[k] = await search(k, hint());
      }
      const from = hint();
      await Promise.all(
        batch.map(async k => {
          if (result[k]) {
            return;
          }
          const [a, b] = ranges[k];
          if (b <= a || blockOf(b - 1) === blockOf(a)) {
            const all = await this.unit(units[k]);
            result[k] = all.slice(lowerBound(all, t0), lowerBound(all, t1));
          } else {
            result[k] = sortedTimes(await search(k, from));
          }
        })
      );
    }
    return result;
  }

  /** Rows of spike_times a read covers, from its storage (once). */
  private blockRows(): Promise<number> {
    if (!this.block) {
      const path = this.layout.spikeTimesPath;
      this.block = this.info
        ? this.info(path).then(readBlockRows, () => readBlockRows(null))
        : Promise.resolve(readBlockRows(null));
    }
    return this.block;
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

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}
