/**
 * Chunks compressed before their dataset exists. A converter that holds a large array in
 * shared memory long before it can write it (probe 0's spikes, grouped per unit, wait for
 * probe 1 to load: the `/units` table needs both) hands it here, and the deflate workers,
 * idle until then, compress its whole chunks into the chunk file at once. When the array
 * is later streamed as the first slice of a dataset (`streamDeferred`), each such chunk is
 * taken from here instead of being compressed again: the same bytes, filters and strategy
 * as without this step, only earlier.
 *
 * The chunk shape is the one `writeArray` picks for a 1-D stream (`chunkShape` of the
 * storage's chunk bytes, or of the chunk bytes the caller says its dataset is written with,
 * e.g. the spike columns' `SPIKE_COLUMN_CHUNK_BYTES`); a dataset streamed with another shape,
 * or another first slice,
 * takes nothing, and its chunks are compressed as usual. Chunks compressed here but never
 * taken stay in the chunk file as unreferenced bytes (the file is still complete and
 * correct, only larger): compress ahead only arrays about to head a dataset.
 */
import { closeSync } from 'node:fs';

import { chunkShape } from '../chunks';
import type { IWriteContext } from '../context';
import { itemSize, NumericArray, dtypeOf } from '../dtype';
import { openChunkFile } from './chunk-file';
import {
  chunkSink,
  deflatePoolOf,
  DeflateStrategy,
  ICompressed
} from './deflate-pool';

/** The compressed chunks of one shared array, by chunk index from its first value. */
export interface IAheadChunks {
  /** Byte offset of the array in its buffer: chunk k starts at byteOffset + k * chunkBytes. */
  byteOffset: number;
  chunkBytes: number;
  level: number;
  shuffleBytes: number;
  /** The storage's strategy setting these chunks were compressed under. */
  setting: IWriteContext['storage']['deflateStrategy'];
  chunks: Promise<ICompressed>[];
  /** Chunks already taken by a dataset (each is taken once). */
  taken: boolean[];
}

/**
 * Starts compressing the whole chunks of `values` (1-D, in a SharedArrayBuffer that must
 * not change afterwards) on the deflate workers, for the dataset it will head. Does
 * nothing without deflate workers or shared memory.
 */
export function compressAhead(
  ctx: IWriteContext,
  values: NumericArray,
  /** The chunk bytes its dataset will be written with (default: the storage's). */
  targetChunkBytes: number = ctx.storage.chunkBytes
): void {
  const { storage } = ctx;
  const shared = values.buffer;
  if (
    storage.deflateWorkers <= 0 ||
    storage.gzipLevel <= 0 ||
    !(shared instanceof SharedArrayBuffer) ||
    ctx.ahead?.has(shared) === true
  ) {
    return;
  }
  const dtype = dtypeOf(values);
  const bytes = itemSize(dtype);
  // What writeArray gives a 1-D stream of at least one chunk (see the module comment).
  const [chunkItems] = chunkShape([], bytes, undefined, targetChunkBytes);
  const count = Math.floor(values.length / chunkItems);
  if (count === 0) {
    return;
  }
  const pool = deflatePoolOf(ctx);
  const { file, fd } = openChunkFile(ctx);
  const sink = chunkSink(fd, file.end);
  const level = storage.gzipLevel;
  const shuffleBytes = storage.shuffle ? bytes : 0;
  const chunkBytes = chunkItems * bytes;
  const at = (k: number) => ({
    shared,
    offset: values.byteOffset + k * chunkBytes,
    length: chunkBytes
  });
  // As streamDeferred does for a dataset's chunks: under `auto` the first chunk is
  // compressed both ways and its choice is the strategy of the others.
  const auto = storage.deflateStrategy === 'auto';
  const first = pool.compress(
    at(0),
    level,
    shuffleBytes,
    auto ? 'probe' : (storage.deflateStrategy as DeflateStrategy),
    sink
  );
  const chunks = [first];
  for (let k = 1; k < count; k++) {
    chunks.push(
      auto
        ? first.then(r =>
            pool.compress(at(k), level, shuffleBytes, r.strategy, sink)
          )
        : pool.compress(
            at(k),
            level,
            shuffleBytes,
            storage.deflateStrategy as DeflateStrategy,
            sink
          )
    );
  }
  for (const chunk of chunks) {
    // Failures surface where a chunk is taken, and in `ctx.pending` below.
    chunk.catch(() => undefined);
  }
  const settled = Promise.allSettled(chunks).then(results => {
    // Only once no worker writes with this descriptor any more.
    closeSync(fd);
    const failed = results.find(r => r.status === 'rejected');
    if (failed) {
      throw (failed as PromiseRejectedResult).reason;
    }
  });
  settled.catch(() => undefined);
  // Awaited by close() (before the chunks are indexed) and by abort().
  ctx.pending.push(settled);
  (ctx.ahead ??= new WeakMap()).set(shared, {
    byteOffset: values.byteOffset,
    chunkBytes,
    level,
    shuffleBytes,
    setting: storage.deflateStrategy,
    chunks,
    taken: chunks.map(() => false)
  });
}

/** A chunk compressed ahead: which array's, and its index there. */
export interface IAheadChunk {
  chunks: IAheadChunks;
  index: number;
}

/**
 * The chunk compressed ahead at `offset` (bytes) of `shared`, if there is one, not yet
 * taken, made the way the caller would make it now (same chunk length, level, shuffle and
 * strategy setting). Under `auto` the caller may use the chunk at an array's start (index
 * 0, compressed both ways) only as its dataset's first chunk, and other chunks only from
 * the array whose first chunk decided its dataset's strategy; `take` then hands it over.
 */
export function findAhead(
  ctx: IWriteContext,
  shared: SharedArrayBuffer,
  offset: number,
  length: number,
  shuffleBytes: number
): IAheadChunk | undefined {
  const entry = ctx.ahead?.get(shared);
  if (
    !entry ||
    entry.chunkBytes !== length ||
    entry.level !== ctx.storage.gzipLevel ||
    entry.shuffleBytes !== shuffleBytes ||
    entry.setting !== ctx.storage.deflateStrategy
  ) {
    return undefined;
  }
  const index = (offset - entry.byteOffset) / length;
  if (
    !Number.isInteger(index) ||
    index < 0 ||
    index >= entry.chunks.length ||
    entry.taken[index]
  ) {
    return undefined;
  }
  return { chunks: entry, index };
}

/** Takes a chunk `findAhead` found: its compression (running or done); nobody else gets it. */
export function take({ chunks, index }: IAheadChunk): Promise<ICompressed> {
  chunks.taken[index] = true;
  return chunks.chunks[index];
}
