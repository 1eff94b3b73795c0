/**
 * Streams a dataset's rows into whole chunks, compresses them on worker threads and appends
 * the compressed chunks to a side file. HDF5 only records the dataset (shape, chunking,
 * filters); `patch.ts` moves the chunks into the file and indexes them after HDF5 closes it.
 */
import { closeSync, openSync, rmSync } from 'node:fs';
import type { IArrayStream } from '../array';
import { checkAbort, IWriteContext } from '../context';
import { allocate, dtypeOf, itemSize, NumericArray, view } from '../dtype';
import { NwbWriteError } from '../errors';
import type { Dataset } from '../h5';
import {
  chunkSink,
  DeflatePool,
  DeflateStrategy,
  ICompressed
} from './deflate-pool';

export interface IDeferredDataset {
  /** HDF5 object header address (an object reference holds exactly that). */
  objectAddress: bigint;
  chunkDims: number[];
  itemBytes: number;
  shuffle: boolean;
  gzipLevel: number;
  sideFile: string;
  chunks: { offset: number[]; size: number; sideOffset: number }[];
}

/** Consumes `source` into `ds` (created empty, chunked, gzip) through the worker pool. */
export async function streamDeferred(
  ctx: IWriteContext,
  ds: Dataset,
  source: IArrayStream,
  chunkDims: number[]
): Promise<IDeferredDataset> {
  const where = ds.path;
  const rowItems = source.tail.reduce((a, b) => a * b, 1);
  const chunkItems = chunkDims[0] * rowItems;
  const bytes = itemSize(source.dtype);
  const sideFile = `${ctx.fsPath}.part.${ctx.deferred.length}.chunks`;
  const deferred: IDeferredDataset = {
    objectAddress: objectAddress(ds),
    chunkDims,
    itemBytes: bytes,
    shuffle: ctx.storage.shuffle,
    gzipLevel: ctx.storage.gzipLevel,
    sideFile,
    chunks: []
  };
  ctx.deferred.push(deferred);
  // One pool per file: workers start once, and close()/abort() stop them.
  ctx.pool ??= new DeflatePool(ctx.storage.deflateWorkers);
  const pool = ctx.pool;
  const shuffleBytes = ctx.storage.shuffle ? bytes : 0;
  const fd = openSync(sideFile, 'w');
  // The workers append the compressed chunks to the side file themselves.
  const sink = chunkSink(fd);
  const inflight: Promise<ICompressed>[] = [];
  let chunkIndex = 0;
  let rows = 0;
  let buf = allocate(source.dtype, chunkItems);
  let filled = 0;
  // Chunk buffers come back from the workers and are refilled: no garbage per chunk.
  const free: ArrayBuffer[] = [];
  const nextBuffer = (): NumericArray => {
    const reused = free.pop();
    return reused
      ? view(source.dtype, reused)
      : allocate(source.dtype, chunkItems);
  };
  // `auto`: the first chunk is compressed both ways and decides for the dataset.
  let strategy: DeflateStrategy =
    ctx.storage.deflateStrategy === 'auto'
      ? 'probe'
      : ctx.storage.deflateStrategy;
  const drainOne = async (): Promise<void> => {
    const { written, input, strategy: used } = await inflight.shift()!;
    if (strategy === 'probe') {
      strategy = used;
    }
    free.push(input);
    deferred.chunks.push({
      offset: [chunkIndex * chunkDims[0], ...source.tail.map(() => 0)],
      size: written!.size,
      sideOffset: written!.at
    });
    chunkIndex++;
  };
  const submit = async (): Promise<void> => {
    // A partial last chunk is compressed padded with zeros: HDF5 stores whole chunks.
    buf.fill(0 as never, filled);
    inflight.push(
      pool.compress(
        new Uint8Array(buf.buffer),
        ctx.storage.gzipLevel,
        shuffleBytes,
        strategy,
        sink
      )
    );
    if (strategy === 'probe') {
      // Later chunks use the strategy the first one chose.
      await drainOne();
    }
    // One chunk waits in the queue so no worker idles while this thread fills the next;
    // memory stays at about (workers + 3) chunks.
    while (inflight.length > ctx.storage.deflateWorkers + 1) {
      await drainOne();
    }
    buf = nextBuffer();
    filled = 0;
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
      let at = 0;
      while (at < slice.length) {
        const n = Math.min(slice.length - at, chunkItems - filled);
        copy(buf, filled, slice, at, n);
        filled += n;
        at += n;
        if (filled === chunkItems) {
          await submit();
        }
      }
    }
    if (filled > 0) {
      await submit();
    }
    while (inflight.length > 0) {
      await drainOne();
    }
    ds.resize([rows, ...source.tail]);
    return deferred;
  } catch (err) {
    await Promise.allSettled(inflight);
    throw err;
  } finally {
    closeSync(fd);
  }
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

/** Removes side files of a failed or cancelled write. */
export function removeSideFiles(deferred: IDeferredDataset[]): void {
  for (const d of deferred) {
    rmSync(d.sideFile, { force: true });
  }
}
