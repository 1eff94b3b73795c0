import { strayEdgeCount } from '../model/strayTimes';

/** How sample times are known: a regular rate or explicit timestamps. */
export type TimeAxis =
  | { kind: 'rate'; start: number; rate: number; length: number }
  | { kind: 'timestamps'; length: number; at: (i: number) => Promise<number> }
  | { kind: 'index'; length: number };

/**
 * First index whose value is >= `target` among `length` ascending values
 * read one at a time (timestamps stay on the server; ~log2(n) tiny reads).
 */
export async function searchSorted(
  at: (i: number) => Promise<number>,
  length: number,
  target: number
): Promise<number> {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((await at(mid)) < target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Sample index range `[first, last)` covering times `[t0, t1)`. */
export async function indexRange(
  axis: TimeAxis,
  t0: number,
  t1: number
): Promise<[number, number]> {
  const clamp = (i: number) => Math.max(0, Math.min(axis.length, i));
  switch (axis.kind) {
    case 'rate':
      return [
        clamp(Math.ceil((t0 - axis.start) * axis.rate)),
        clamp(Math.ceil((t1 - axis.start) * axis.rate))
      ];
    case 'index':
      return [clamp(Math.ceil(t0)), clamp(Math.ceil(t1))];
    case 'timestamps':
      return [
        await searchSorted(axis.at, axis.length, t0),
        await searchSorted(axis.at, axis.length, t1)
      ];
  }
}

/** Time of the first and last sample (for the window controls). */
export async function timeSpan(axis: TimeAxis): Promise<[number, number]> {
  if (axis.length === 0) {
    return [0, 0];
  }
  switch (axis.kind) {
    case 'rate':
      return [axis.start, axis.start + (axis.length - 1) / axis.rate];
    case 'index':
      return [0, axis.length - 1];
    case 'timestamps':
      return [await axis.at(0), await axis.at(axis.length - 1)];
  }
}

/** Evenly spread timestamps read to judge a series' spacing. */
const PROBES = 16;
/** Leading or trailing samples examined for outliers. */
const EDGE_SAMPLES = 16;

/** Where a series' samples really are, for its opening window. */
export interface IDataSpan {
  /** First and last time, outlying edge samples left out. */
  readonly first: number;
  readonly last: number;
  /** Typical time between samples (median over the series). */
  readonly step: number;
  /** Samples at the start and end left out as outliers. */
  readonly skipped: [number, number];
}

/**
 * The span a time view opens on. Real files carry stray edge timestamps
 * (a first sample at -1.5e9 s from an unset clock, NaN): a sample is left
 * out when the gap to its neighbour is both far larger than the typical
 * step and larger than all the rest of the series, so one bad timestamp
 * cannot set the window. About 50 one-value reads for any length.
 */
export async function dataSpan(axis: TimeAxis): Promise<IDataSpan> {
  const n = axis.length;
  if (axis.kind !== 'timestamps' || n < 3) {
    const [first, last] = await timeSpan(axis);
    const step =
      axis.kind === 'rate'
        ? 1 / axis.rate
        : n > 1
          ? (last - first) / (n - 1) || 1
          : 1;
    return { first, last, step, skipped: [0, 0] };
  }
  const at = axis.at;
  const probes = [
    ...new Set(
      Array.from({ length: PROBES + 1 }, (_, j) =>
        Math.round((j * (n - 1)) / PROBES)
      )
    )
  ];
  const probed = await Promise.all(probes.map(async i => [i, await at(i)]));
  const steps: number[] = [];
  for (let k = 1; k < probed.length; k++) {
    const [i0, t0] = probed[k - 1];
    const [i1, t1] = probed[k];
    const step = (t1 - t0) / (i1 - i0);
    if (Number.isFinite(step) && step > 0) {
      steps.push(step);
    }
  }
  steps.sort((a, b) => a - b);
  const step = steps.length ? steps[(steps.length - 1) >> 1] : 1;
  // The extent of the inner probes: what an edge sample is compared with.
  const inner = probed
    .slice(1, -1)
    .map(([, t]) => t)
    .filter(Number.isFinite);
  const body = inner.length ? Math.max(...inner) - Math.min(...inner) : 0;
  const edge = Math.min(EDGE_SAMPLES, n - 2);
  // Times of the first and last `edge + 1` samples.
  const head = await Promise.all(
    Array.from({ length: edge + 1 }, (_, i) => at(i))
  );
  const tail = await Promise.all(
    Array.from({ length: edge + 1 }, (_, i) => at(n - 1 - i))
  );
  // An edge sample is judged against the next finite sample inward.
  const a = strayEdgeCount(head, step, body, edge);
  const b = strayEdgeCount(tail, step, body, edge);
  return { first: head[a], last: tail[b], step, skipped: [a, b] };
}
