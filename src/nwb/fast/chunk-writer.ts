/**
 * Streams a dataset's rows into whole chunks, compresses them on worker threads and appends
 * the compressed chunks to the file's chunk file (one per NWB file, shared by its deferred
 * datasets). HDF5 only records the dataset (shape, chunking, filters); `patch.ts` indexes
 * the chunks after HDF5 closes the file, and either puts HDF5's part in front of them (the
 * chunk file becomes the NWB file) or copies them after HDF5's part.
 */
import { closeSync } from 'node:fs';
import type { IArrayStream } from '../array';
import { checkAbort, IWriteContext } from '../context';
import { allocate, dtypeOf, itemSize, NumericArray, view } from '../dtype';
import { diskFullOr, NwbWriteError } from '../errors';
import type { Dataset } from '../h5';
import { IDeferredDataset, openChunkFile } from './chunk-file';
import { findAhead, IAheadChunks, take } from './compressAhead';
import { chunkGrid, extractChunk } from './chunk-grid';
import {
  chunkSink,
  deflatePoolOf,
  DeflateStrategy,
  ICompressed,
  ISharedChunk
} from './deflate-pool';

/**
 * Consumes `source` into `ds` (created empty, chunked, gzip) through the worker pool.
 * Slices backed by a SharedArrayBuffer are compressed in place, whole chunk by whole chunk,
 * and not waited for: the workers keep compressing them while the caller goes on, and
 * `ctx.pending` holds their completion (awaited before the chunks are indexed on close).
 * Such slices must not change afterwards. Other slices are copied into chunk buffers.
 * Chunks narrower than a row (`chunkDims` cutting the trailing dimensions) are cut out
 * of blocks of whole rows (see `chunk-grid.ts`).
 */
export async function streamDeferred(
  ctx: IWriteContext,
  ds: Dataset,
  source: IArrayStream,
  chunkDims: number[]
): Promise<IDeferredDataset> {
  const where = ds.path;
  const grid = chunkGrid(chunkDims, source.tail);
  const { rowItems, chunkItems } = grid;
  const blockItems = chunkDims[0] * rowItems;
  const bytes = itemSize(source.dtype);
  // Made before the chunk file is opened, so a missing worker file leaves no descriptor open.
  const pool = deflatePoolOf(ctx);
  const chunkFile = openChunkFile(ctx);
  const sideFile = chunkFile.file.path;
  const deferred: IDeferredDataset = {
    path: ds.path,
    objectAddress: objectAddress(ds),
    chunkDims,
    itemBytes: bytes,
    shuffle: ctx.storage.shuffle,
    gzipLevel: ctx.storage.gzipLevel,
    sideFile,
    chunks: []
  };
  ctx.deferred.push(deferred);
  const level = ctx.storage.gzipLevel;
  const shuffleBytes = ctx.storage.shuffle ? bytes : 0;
  const fd = chunkFile.fd;
  // The workers append the compressed chunks to the chunk file themselves.
  const sink = chunkSink(fd, chunkFile.file.end);
  /** Every chunk's task, in chunk order; each records its chunk when done. */
  const tasks: Promise<void>[] = [];
  /** Copied chunks of this file still being compressed: bounded by COPIED_CHUNK_BUDGET. */
  const flight = inFlight(ctx);
  /** The first chunk that failed: streaming stops at once instead of reading on. */
  let failure: unknown;
  let rows = 0;
  let blocks = 0;
  // Rows are gathered here; with whole-row chunks this block is the chunk itself.
  let buf = allocate(source.dtype, blockItems);
  let filled = 0;
  // Chunk buffers come back from the workers and are refilled: no garbage per chunk.
  const free: ArrayBuffer[] = [];
  const nextBuffer = (): NumericArray => {
    const reused = free.pop();
    return reused
      ? view(source.dtype, reused)
      : allocate(source.dtype, chunkItems);
  };
  // `auto`: the first chunk is compressed both ways and decides for the dataset. Later
  // chunks wait for that decision in the background: this thread goes on filling them.
  const auto = ctx.storage.deflateStrategy === 'auto';
  let decided: Promise<DeflateStrategy> = Promise.resolve(
    auto ? 'default' : (ctx.storage.deflateStrategy as DeflateStrategy)
  );
  /** The array compressed ahead whose first chunk is this dataset's (compressAhead.ts). */
  let head: IAheadChunks | undefined;
  const track = async (
    compressed: Promise<ICompressed>,
    index: number,
    offset: number[]
  ): Promise<void> => {
    const { written, input } = await compressed;
    if (input) {
      free.push(input);
    }
    deferred.chunks[index] = {
      offset,
      size: written!.size,
      sideOffset: written!.at
    };
  };
  const enqueue = (
    chunk: Uint8Array | ISharedChunk,
    offset: number[]
  ): Promise<void> => {
    let compressed: Promise<ICompressed>;
    if (auto && tasks.length === 0) {
      // Ahead of other datasets' queued chunks, so the decision comes quickly.
      compressed = pool.compress(
        chunk,
        level,
        shuffleBytes,
        'probe',
        sink,
        0,
        true
      );
      decided = compressed.then(r => r.strategy);
      // Failures surface through the chunks' tasks.
      decided.catch(() => undefined);
    } else {
      // A copied chunk is one this thread may wait for (past COPIED_CHUNK_BUDGET): it goes
      // before the chunks of shared arrays, which nobody waits for until the file closes.
      // Else a small table queued behind 600 MB of spike columns held this thread ~0.7 s.
      const urgent = ArrayBuffer.isView(chunk);
      compressed = decided.then(strategy =>
        pool.compress(chunk, level, shuffleBytes, strategy, sink, 0, urgent)
      );
    }
    return tracked(compressed, offset);
  };
  const tracked = (
    compressed: Promise<ICompressed>,
    offset: number[]
  ): Promise<void> => {
    const task = track(compressed, tasks.length, offset);
    // Seen here at once (never an unhandled rejection while this thread fills the next
    // chunks); the error itself is thrown by the loop and by `settled`.
    task.catch(err => {
      failure ??= err;
    });
    tasks.push(task);
    return task;
  };
  const submitCopy = async (): Promise<void> => {
    const first = blocks++ * chunkDims[0];
    if (grid.wholeRows) {
      // A partial last chunk is compressed padded with zeros: HDF5 stores whole chunks.
      zeroFrom(buf, filled);
      submitted(
        enqueue(new Uint8Array(buf.buffer), [first, ...grid.tail.map(() => 0)]),
        buf.byteLength
      );
      buf = nextBuffer();
    } else {
      for (const origin of grid.origins) {
        const chunk = nextBuffer();
        extractChunk(grid, buf, filled / rowItems, origin, chunk);
        submitted(
          enqueue(new Uint8Array(chunk.buffer), [first, ...origin]),
          chunk.byteLength
        );
        await bound();
      }
    }
    await bound();
    filled = 0;
  };
  const submitted = (task: Promise<void>, bytes: number): void => {
    flight.chunks.push({ task, bytes });
    flight.bytes += bytes;
  };
  // Copied chunks wait for the threads (memory: up to the budget, for the whole file) while
  // this thread goes on to the next dataset and interface; it waits only past the budget.
  // A chunk's failure is seen by `tracked` and thrown by the loop, not here.
  const bound = async (): Promise<void> => {
    while (flight.bytes > COPIED_CHUNK_BUDGET && flight.chunks.length > 0) {
      const oldest = flight.chunks.shift()!;
      flight.bytes -= oldest.bytes;
      await oldest.task.catch(() => undefined);
    }
  };
  const settled = async (): Promise<void> => {
    try {
      await Promise.all(tasks);
    } finally {
      // Only once no worker can still write to it: a task settles when its worker is done.
      await Promise.allSettled(tasks);
      closeSync(fd);
    }
  };
  try {
    for await (const slice of source.slices) {
      checkAbort(ctx);
      if (dtypeOf(slice) !== source.dtype || slice.length % rowItems !== 0) {
        throw new NwbWriteError(
          ctx.fsPath,
          where,
          `a slice must hold whole rows of [${source.tail}] as ${source.dtype}`
        );
      }
      rows += slice.length / rowItems;
      const shared =
        grid.wholeRows && slice.buffer instanceof SharedArrayBuffer
          ? slice.buffer
          : undefined;
      let at = 0;
      while (at < slice.length) {
        if (failure) {
          throw failure;
        }
        if (shared && filled === 0 && slice.length - at >= chunkItems) {
          const first = blocks++ * chunkDims[0];
          const chunk = {
            shared,
            offset: slice.byteOffset + at * bytes,
            length: chunkItems * bytes
          };
          const origin = [first, ...grid.tail.map(() => 0)];
          const ahead = findAhead(
            ctx,
            shared,
            chunk.offset,
            chunk.length,
            shuffleBytes
          );
          // Under `auto`, only as made here: the array's first chunk (compressed both
          // ways) as the dataset's first, then that array's chunks.
          const fits =
            ahead &&
            (!auto ||
              (tasks.length === 0 ? ahead.index === 0 : ahead.chunks === head));
          if (ahead && fits) {
            const compressed = take(ahead);
            if (auto && tasks.length === 0) {
              head = ahead.chunks;
              decided = compressed.then(r => r.strategy);
              decided.catch(() => undefined);
            }
            tracked(compressed, origin);
          } else {
            enqueue(chunk, origin);
          }
          at += chunkItems;
          continue;
        }
        const n = Math.min(slice.length - at, blockItems - filled);
        copy(buf, filled, slice, at, n);
        filled += n;
        at += n;
        if (filled === blockItems) {
          await submitCopy();
        }
      }
    }
    if (filled > 0) {
      await submitCopy();
    }
    ds.resize([rows, ...source.tail]);
  } catch (err) {
    await settled().catch(() => undefined);
    throw diskFullOr(err, ctx.fsPath, where, sideFile);
  }
  const done = settled().catch((err: unknown) => {
    throw diskFullOr(err, ctx.fsPath, where, sideFile);
  });
  // Not waited for here: the threads go on compressing while this thread reads and
  // derives the next arrays (the wheel's deflate then runs while the spikes load).
  // Awaited by NWBFile.close() and abort(); never an unhandled rejection meanwhile.
  done.catch(() => undefined);
  ctx.pending.push(done);
  return deferred;
}

/**
 * Bytes of copied chunks (arrays not in shared memory) a file may have queued for the
 * deflate threads before the writer waits for the oldest: enough for the chunks of every
 * table and series of a session, so that writing them never waits for the spike columns
 * compressed ahead of them; small beside a conversion's ~1.5 GB.
 */
export const COPIED_CHUNK_BUDGET = 128 << 20;

interface IInFlight {
  bytes: number;
  chunks: { task: Promise<void>; bytes: number }[];
}

const flights = new WeakMap<IWriteContext, IInFlight>();

function inFlight(ctx: IWriteContext): IInFlight {
  let flight = flights.get(ctx);
  if (!flight) {
    flight = { bytes: 0, chunks: [] };
    flights.set(ctx, flight);
  }
  return flight;
}

/** Zeros the values of `values` from index `from` on (any dtype, BigInt ones included). */
function zeroFrom(values: NumericArray, from: number): void {
  const item = values.BYTES_PER_ELEMENT;
  new Uint8Array(
    values.buffer,
    values.byteOffset + from * item,
    (values.length - from) * item
  ).fill(0);
}

function copy(
  dst: NumericArray,
  at: number,
  src: NumericArray,
  from: number,
  n: number
): void {
  // Same dtype was checked; the cast only satisfies TypeScript's union typing.
  (dst as Float64Array).set((src as Float64Array).subarray(from, from + n), at);
}

/** An old-style object reference is the object header address, 8 bytes little-endian. */
function objectAddress(ds: Dataset): bigint {
  const ref = ds.create_reference().ref_data;
  let address = 0n;
  for (let i = 7; i >= 0; i--) {
    address = (address << 8n) | BigInt(ref[i]);
  }
  return address;
}
