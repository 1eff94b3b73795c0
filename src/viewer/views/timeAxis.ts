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
