/** Chunk shapes: whole trailing dimensions, the first axis sized to about `targetBytes`. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Chunk bytes of the per-spike ragged columns of /units (spike_times, amplitudes, depths):
 * 256 KiB (32768 float64), not the 1 MiB of other arrays. A viewer reads a chunk whole (HDF5
 * decompresses it whole) to draw any spike in it, and a raster window needs a few spikes of
 * each of ~100 units, each unit's train in chunks of its own. On a 26 M-spike session the first
 * 10 s raster of 100 units reads 10.7 MB with 256 KiB chunks against 14.8 MB with 1 MiB (1.5 %
 * of the file instead of 2.1 %), at no cost in conversion CPU or file size. 64 KiB would read
 * 5.96 MB but costs ~2.4 s more CPU (~15 %) per conversion of that session: measured on a
 * quiet box, CLI A/B against 1 MiB (bench/viewer/README.md, "Chunks of the spike columns").
 */
export const SPIKE_COLUMN_CHUNK_BYTES = 256 * 1024;

/** Chunk shape of a per-spike ragged column of `rows` values of `itemBytes` each. */
export function spikeColumnChunks(itemBytes: number, rows: number): number[] {
  return chunkShape([], itemBytes, rows, SPIKE_COLUMN_CHUNK_BYTES);
}

/**
 * Chunk shape for a dataset whose first axis is time/rows. Keeping every channel in a chunk
 * makes time-window reads one chunk per window; ~1 MiB fits HDF5's default chunk cache.
 * `rows` is the final (or expected) length of the first axis; a growable dataset passes
 * `undefined` so the chunk is not capped by the current length.
 */
export function chunkShape(
  tail: number[],
  itemBytes: number,
  rows: number | undefined,
  targetBytes: number = DEFAULT_CHUNK_BYTES
): number[] {
  const rowBytes = itemBytes * tail.reduce((a, b) => a * Math.max(b, 1), 1);
  let first = Math.max(1, Math.floor(targetBytes / rowBytes));
  if (rows !== undefined) {
    first = Math.min(first, Math.max(rows, 1));
  }
  return [first, ...tail.map(d => Math.max(d, 1))];
}

/**
 * How many rows to hand to one HDF5 write: a whole number of chunks, at least one, so
 * compressed chunks are written once and never read back; about `targetBytes` per call.
 */
export function rowsPerWrite(
  chunkRows: number,
  rowBytes: number,
  targetBytes: number
): number {
  const chunkBytes = chunkRows * rowBytes;
  return chunkRows * Math.max(1, Math.floor(targetBytes / chunkBytes));
}

/**
 * Why `chunks` cannot be the chunk shape of a dataset with rows of shape `tail` (HDF5 needs
 * one positive size per dimension, none larger than a fixed dimension), or undefined.
 */
export function chunkShapeProblem(
  chunks: number[],
  tail: number[]
): string | undefined {
  if (chunks.length !== tail.length + 1) {
    return `chunk shape [${chunks}] needs ${tail.length + 1} sizes for rows of [${tail}]`;
  }
  if (!chunks.every(c => Number.isInteger(c) && c > 0)) {
    return `chunk shape [${chunks}] must hold positive whole numbers`;
  }
  const wide = tail.findIndex((size, k) => chunks[k + 1] > Math.max(size, 1));
  if (wide >= 0) {
    return `chunk shape [${chunks}] is larger than dimension ${wide + 1} of the dataset (${tail[wide]})`;
  }
  return undefined;
}
