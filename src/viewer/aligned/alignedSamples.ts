/**
 * Lazy reads of a sampled series around trial events: only the samples of
 * the aligned windows (merged into blocks by `planReads`), then each trial
 * resampled onto the common grid (`interpolateAt`).
 */
import type { H5Slice } from '../model/source';
import type { ISeriesLayout } from '../series/seriesData';
import { searchSorted } from '../series/timeAxis';
import { lowerBound } from '../spikes/align';
import { gapSamples, planReads } from './readPlan';
import { interpolateAt } from './resample';

export type Reader = (path: string, slice?: H5Slice) => Promise<unknown>;

/** Timestamps read in one block to search in memory (else searched by bisection reads). */
export const MAX_STAMP_BLOCK = 2_000_000;

/** What was aligned and what it cost. */
export interface IAlignedSamples {
  /** One resampled trace per trial; `null` for a trial with a NaN event. */
  readonly rows: (Float64Array | null)[];
  /** Trials whose event time is NaN (not aligned). */
  readonly nanEvents: number;
  /** Bytes read: samples of the chosen column and their timestamps. */
  readonly bytes: number;
  /** Read requests made for samples (timestamps searches not counted). */
  readonly reads: number;
  /** Samples the windows cover and samples read (the difference is merged gaps). */
  readonly samples: number;
}

const toNumbers = (values: unknown): ArrayLike<number> => {
  const array = values as ArrayLike<number | bigint>;
  return array.length && typeof array[0] === 'bigint'
    ? Float64Array.from(array as ArrayLike<bigint>, Number)
    : (array as ArrayLike<number>);
};

const byteLength = (values: unknown): number =>
  ArrayBuffer.isView(values)
    ? values.byteLength
    : ((values as ArrayLike<unknown>).length ?? 0) * 8;

/**
 * Sample index ranges `[i0, i1)` per trial covering `[event + from,
 * event + to]` with one sample more on each side (for interpolation).
 */
async function trialRanges(
  layout: ISeriesLayout,
  events: Float64Array,
  from: number,
  to: number,
  read: Reader
): Promise<{
  ranges: ([number, number] | null)[];
  timeOf: (block: [number, number]) => Promise<ArrayLike<number>>;
  stampBytes: () => number;
}> {
  const axis = layout.axis;
  const n = axis.length;
  if (axis.kind === 'rate') {
    const ranges = Array.from(events, e => {
      if (!Number.isFinite(e)) {
        return null;
      }
      const i0 = Math.max(0, Math.floor((e + from - axis.start) * axis.rate));
      const i1 = Math.min(n, Math.ceil((e + to - axis.start) * axis.rate) + 1);
      return i1 > i0 ? ([i0, i1] as [number, number]) : null;
    });
    return {
      ranges,
      timeOf: async ([i0, i1]) =>
        Float64Array.from(
          { length: i1 - i0 },
          (_, i) => axis.start + (i0 + i) / axis.rate
        ),
      stampBytes: () => 0
    };
  }
  if (axis.kind !== 'timestamps' || !layout.timestampsPath) {
    throw new Error('the series has no timestamps nor rate');
  }
  const stampsPath = layout.timestampsPath;
  // (reduce, not spread: up to 100 000 trials would overflow the call stack)
  const finite = Array.from(events).filter(Number.isFinite);
  if (finite.length === 0) {
    return {
      ranges: Array.from(events, () => null),
      timeOf: async () => [],
      stampBytes: () => 0
    };
  }
  // The span of every window: found with two bisections (~log2 n one-value reads).
  const lo = Math.max(
    0,
    (await searchSorted(
      axis.at,
      n,
      finite.reduce((a, b) => Math.min(a, b)) + from
    )) - 1
  );
  const hi = Math.min(
    n,
    (await searchSorted(
      axis.at,
      n,
      finite.reduce((a, b) => Math.max(a, b)) + to
    )) + 1
  );
  let bytes = 0;
  let span: Float64Array | null = null;
  if (hi - lo <= MAX_STAMP_BLOCK) {
    // One read of the timestamps the windows span, searched in memory.
    const raw = await read(stampsPath, [[lo, hi]]);
    bytes += byteLength(raw);
    span = Float64Array.from(toNumbers(raw));
  }
  const search = async (t: number): Promise<number> =>
    span ? lo + lowerBound(span, t) : await searchSorted(axis.at, n, t);
  const ranges: ([number, number] | null)[] = [];
  for (const e of events) {
    if (!Number.isFinite(e)) {
      ranges.push(null);
      continue;
    }
    const i0 = Math.max(0, (await search(e + from)) - 1);
    const i1 = Math.min(n, (await search(e + to)) + 1);
    ranges.push(i1 > i0 ? [i0, i1] : null);
  }
  return {
    ranges,
    timeOf: async ([i0, i1]) => {
      if (span) {
        return span.subarray(i0 - lo, i1 - lo);
      }
      const raw = await read(stampsPath, [[i0, i1]]);
      bytes += byteLength(raw);
      return toNumbers(raw);
    },
    stampBytes: () => bytes
  };
}

/**
 * Each trial's samples of `column` around its event, resampled at
 * `event + grid[k]` (linear interpolation; NaN where the series has no
 * sample on both sides). Reads only the windows' samples.
 */
export async function alignSamples(
  layout: ISeriesLayout,
  column: number,
  events: Float64Array,
  grid: Float64Array,
  read: Reader,
  itemSize: number
): Promise<IAlignedSamples> {
  const from = grid[0];
  const to = grid[grid.length - 1];
  const { ranges, timeOf, stampBytes } = await trialRanges(
    layout,
    events,
    from,
    to,
    read
  );
  const rows: (Float64Array | null)[] = Array.from(events, e =>
    Number.isFinite(e) ? new Float64Array(grid.length).fill(NaN) : null
  );
  const perSample = itemSize + (layout.axis.kind === 'timestamps' ? 8 : 0);
  const blocks = planReads(ranges, gapSamples(perSample));
  let bytes = 0;
  let samples = 0;
  for (const block of blocks) {
    const slice: H5Slice =
      layout.shape.length === 2
        ? [
            [block.start, block.end],
            [column, column + 1]
          ]
        : [[block.start, block.end]];
    const raw = await read(layout.dataPath, slice);
    bytes += byteLength(raw);
    samples += block.end - block.start;
    const values = toNumbers(raw);
    const scaled = Float64Array.from(
      values,
      v => v * layout.conversion + layout.offset
    );
    const times = await timeOf([block.start, block.end]);
    for (const t of block.trials) {
      const e = events[t];
      const [i0, i1] = ranges[t] as [number, number];
      const a = i0 - block.start;
      const b = i1 - block.start;
      rows[t] = interpolateAt(
        times instanceof Float64Array
          ? times.subarray(a, b)
          : Array.from(times).slice(a, b),
        scaled.subarray(a, b),
        Float64Array.from(grid, g => e + g)
      );
    }
  }
  return {
    rows,
    nanEvents: events.filter(e => !Number.isFinite(e)).length,
    bytes: bytes + stampBytes(),
    reads: blocks.length,
    samples
  };
}
