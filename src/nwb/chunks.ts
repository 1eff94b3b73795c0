/** Chunk shapes: whole trailing dimensions, the first axis sized to about `targetBytes`. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

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
