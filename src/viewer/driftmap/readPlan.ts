/**
 * Which rows of the per-spike columns a driftmap reads, and in what order.
 *
 * The kept units' spikes are runs of rows (a unit's spikes are contiguous;
 * a probe's units usually are too). The runs are cut at chunk boundaries
 * into pieces, since HDF5 reads a chunk whole whatever part is asked for.
 * Every 16th piece is read first, so the first paint, made from a sample
 * spread over the whole probe (units all along it, each over the whole
 * session), comes early; the rest follow in file order and complete it.
 */

/** `[from, to)` rows. */
export type RowRange = readonly [number, number];

/** Rows of the kept units, merged where they touch, in file order. */
export function unitRuns(
  ends: ArrayLike<number>,
  keep: (unit: number) => boolean
): RowRange[] {
  const runs: [number, number][] = [];
  for (let u = 0; u < ends.length; u++) {
    const a = u === 0 ? 0 : Number(ends[u - 1]);
    const b = Number(ends[u]);
    if (!(b > a) || !keep(u)) {
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last[1] === a) {
      last[1] = b;
    } else {
      runs.push([a, b]);
    }
  }
  return runs;
}

/** Runs cut at multiples of `block` (chunk boundaries). */
export function chunkPieces(runs: RowRange[], block: number): RowRange[] {
  const pieces: RowRange[] = [];
  for (const [a, b] of runs) {
    for (let s = a; s < b;) {
      const e = Math.min(b, (Math.floor(s / block) + 1) * block);
      pieces.push([s, e]);
      s = e;
    }
  }
  return pieces;
}

/**
 * Indices `0..n-1`, every `stride`-th first (the preview, spread over the
 * whole probe), then the others in file order (so they join into long
 * reads). Returns the order and the length of the preview.
 */
export function previewFirst(
  n: number,
  stride = 16
): { order: number[]; first: number } {
  const step = Math.max(1, Math.floor(stride));
  const order: number[] = [];
  for (let i = 0; i < n; i += step) {
    order.push(i);
  }
  const first = order.length;
  for (let i = 0; i < n; i++) {
    if (i % step) {
      order.push(i);
    }
  }
  return { order, first };
}

/**
 * Consecutive pieces of `order` that are adjacent in the file, joined into
 * one read of at most `maxRows` rows.
 */
export function joinAdjacent(
  pieces: RowRange[],
  order: number[],
  maxRows: number
): RowRange[] {
  const reads: [number, number][] = [];
  for (const i of order) {
    const [a, b] = pieces[i];
    const last = reads[reads.length - 1];
    if (last && last[1] === a && b - last[0] <= maxRows) {
      last[1] = b;
    } else {
      reads.push([a, b]);
    }
  }
  return reads;
}

/**
 * Whether searching each kept unit's train for a window (`trainWindow`)
 * reads fewer chunks than one pass over all their chunks. A unit whose
 * train spans `n` chunks costs about `log2 n` chunks of spike_times to
 * find the window, then the window's `⌈f·n⌉ + 1` chunks of each of the
 * three columns (`f`: the window's fraction of the recording); the pass
 * costs the three columns' chunks once (`3 × pieces`). Trains of a chunk
 * or two (many units, few spikes each) make the pass the cheaper one.
 */
export function windowSearchPays(
  ends: ArrayLike<number>,
  keep: (unit: number) => boolean,
  block: number,
  fraction: number
): boolean {
  const f = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
  let search = 0;
  for (let u = 0; u < ends.length; u++) {
    const a = u === 0 ? 0 : Number(ends[u - 1]);
    const b = Number(ends[u]);
    if (b > a && keep(u)) {
      const n = Math.floor((b - 1) / block) - Math.floor(a / block) + 1;
      search += Math.log2(n) + 3 * Math.min(n, Math.ceil(f * n) + 1);
    }
  }
  const pass = 3 * chunkPieces(unitRuns(ends, keep), block).length;
  return search < pass;
}
