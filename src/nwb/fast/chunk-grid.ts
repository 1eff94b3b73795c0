/**
 * How a chunk shape cuts a dataset streamed by whole rows: blocks of `chunkDims[0]` rows,
 * each cut across the trailing dimensions into chunks (one chunk per block when a chunk
 * holds whole rows, the usual case). HDF5 stores every chunk whole and row-major in the
 * chunk's own shape, and indexes it by its offset in every dimension; edge chunks are
 * padded (here with zeros).
 */
import type { NumericArray } from '../dtype';

export interface IChunkGrid {
  /** Chunk shape, rows first. */
  chunkDims: number[];
  /** The dataset's trailing dimensions (a row's shape). */
  tail: number[];
  /** Values in one row. */
  rowItems: number;
  /** Values in one chunk. */
  chunkItems: number;
  /** A chunk holds whole rows: a block of rows is the chunk itself. */
  wholeRows: boolean;
  /** Each chunk's offset in the trailing dimensions, in HDF5's (row-major) order. */
  origins: number[][];
}

export function chunkGrid(chunkDims: number[], tail: number[]): IChunkGrid {
  const rowItems = tail.reduce((a, b) => a * b, 1);
  const chunkItems = chunkDims.reduce((a, b) => a * b, 1);
  let origins: number[][] = [[]];
  tail.forEach((size, k) => {
    const step = chunkDims[k + 1];
    const starts: number[] = [];
    for (let at = 0; at < size; at += step) {
      starts.push(at);
    }
    origins = origins.flatMap(o => starts.map(s => [...o, s]));
  });
  return {
    chunkDims,
    tail,
    rowItems,
    chunkItems,
    wholeRows: tail.every((size, k) => chunkDims[k + 1] === size),
    origins
  };
}

/**
 * Copies the chunk whose trailing offset is `origin` out of `block` (`rows` whole rows,
 * row-major) into `out` (`grid.chunkItems` values, the chunk's row-major layout); what lies
 * outside the dataset (rows past `rows`, columns past the edge) is zero.
 */
export function extractChunk(
  grid: IChunkGrid,
  block: NumericArray,
  rows: number,
  origin: number[],
  out: NumericArray
): void {
  const { chunkDims, tail } = grid;
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).fill(0);
  const shape = [rows, ...tail];
  const dims = shape.length;
  // Row-major strides of the block and of the chunk.
  const blockStride = new Array<number>(dims).fill(1);
  const chunkStride = new Array<number>(dims).fill(1);
  for (let d = dims - 2; d >= 0; d--) {
    blockStride[d] = blockStride[d + 1] * shape[d + 1];
    chunkStride[d] = chunkStride[d + 1] * chunkDims[d + 1];
  }
  const start = [0, ...origin];
  const extent = chunkDims.map((c, d) => Math.min(c, shape[d] - start[d]));
  const src = block as Float64Array;
  const dst = out as Float64Array;
  const copy = (d: number, from: number, to: number): void => {
    if (d === dims - 1) {
      dst.set(src.subarray(from, from + extent[d]), to);
      return;
    }
    for (let i = 0; i < extent[d]; i++) {
      copy(d + 1, from + i * blockStride[d], to + i * chunkStride[d]);
    }
  };
  copy(
    0,
    start.reduce((sum, s, d) => sum + s * blockStride[d], 0),
    0
  );
}
