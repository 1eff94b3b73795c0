/**
 * Compresses chunks on worker threads (deflateWorker.ts) with node:zlib, so deflate (the
 * bottleneck of every gzip HDF5 writer) runs on all cores. Buffers are transferred, never
 * cloned. Output = HDF5's filters: optional byte shuffle, then a zlib stream.
 *
 * One failed chunk (a full disk, a dead thread) stops the pool: every chunk queued or
 * submitted after it is rejected with that error, so a broken file is never finished.
 */
import { requireWorker, WorkerPool } from '../../node/workerPool';
import type { IWriteContext } from '../context';
import type {
  DeflateStrategy,
  IChunkSink,
  IDeflateResult,
  IDeflateTask
} from './deflate';

export { RLE_SLACK, type DeflateStrategy, type IChunkSink } from './deflate';

/** A sink on `fd`; `end` may be shared with other sinks on the same file. */
export function chunkSink(
  fd: number,
  end: SharedArrayBuffer = new SharedArrayBuffer(8)
): IChunkSink {
  return { fd, end };
}

export interface ICompressed {
  /** The zlib stream (empty when it went to a sink). */
  out: Uint8Array;
  /** Where it went in the sink, when compressed with one. */
  written?: { at: number; size: number };
  /** The (detached, then returned) input buffer, free for reuse; none for shared memory. */
  input?: ArrayBuffer;
  /** The strategy used (for `probe`: the one kept). */
  strategy: 'default' | 'rle';
}

/** Bytes of a SharedArrayBuffer that workers read in place (no copy, no transfer). */
export interface ISharedChunk {
  shared: SharedArrayBuffer;
  offset: number;
  length: number;
}

/** Bytes of chunks sent to each thread at once (see the pool's `depth`). */
export const SENT_BYTES = 16 << 20;

export class DeflatePool {
  private readonly pool: WorkerPool<IDeflateTask, IDeflateResult>;

  constructor(size: number) {
    const entry = requireWorker(
      import.meta.url,
      './deflate-worker.mjs',
      './deflateWorker.ts'
    );
    this.pool = new WorkerPool(entry, {
      name: 'deflate',
      size,
      // A thread that finishes a chunk has the next ones already, even while the main
      // thread is inside a long synchronous step (a scatter of 13 M spikes, a parquet
      // decode, ~0.1-0.3 s) and cannot hand them over: 16 MiB is ~50-100 ms of deflate.
      // (Two chunks each, as until 2026-12-07, left both threads idle for most of the pose
      // step with chunks waiting.) Sent tasks wait behind at most that much.
      depth: SENT_BYTES,
      weight: task => task.length ?? task.buffer?.byteLength ?? task.padTo,
      stopOnTaskError: true
    });
  }

  /**
   * Compresses `chunk` at gzip `level`, byte-shuffled first when `shuffleBytes` (the element
   * size) is > 1. Its buffer is transferred to a worker and handed back in the result.
   * With a `sink`, the worker appends the stream to it and reports where (`written`); the
   * promise settles only once that worker no longer writes to the sink's file.
   * A chunk in shared memory (`ISharedChunk`) is read in place and must not change until
   * the promise settles; `padTo` (bytes) pads a partial last chunk with zeros. An `urgent`
   * chunk goes before the queued ones (a strategy probe that a dataset's chunks wait for).
   */
  async compress(
    chunk: Uint8Array | ISharedChunk,
    level: number,
    shuffleBytes: number,
    strategy: DeflateStrategy = 'default',
    sink?: IChunkSink,
    padTo = 0,
    urgent = false
  ): Promise<ICompressed> {
    const task: IDeflateTask = {
      padTo,
      level,
      shuffleBytes,
      strategy,
      sink
    };
    if (ArrayBuffer.isView(chunk)) {
      task.buffer =
        chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength
          ? (chunk.buffer as ArrayBuffer)
          : (chunk.slice().buffer as ArrayBuffer);
    } else {
      task.shared = chunk.shared;
      task.offset = chunk.offset;
      task.length = chunk.length;
    }
    const reply = await this.pool.run(
      task,
      task.buffer ? [task.buffer] : [],
      urgent
    );
    const { buffer, input, strategy: chosen, at, size } = reply;
    return {
      out: buffer ? new Uint8Array(buffer) : new Uint8Array(0),
      input,
      strategy: chosen,
      ...(at !== undefined && size !== undefined
        ? { written: { at, size } }
        : {})
    };
  }

  /** Starts the threads now (see WorkerPool.warm). */
  warm(): void {
    this.pool.warm();
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.pool.pending;
  }

  /** Stops the threads; whatever is queued or running rejects (once its thread has ended). */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * The file's deflate pool, made on first use: one pool per file, so threads start once,
 * and close()/abort() stop them.
 */
export function deflatePoolOf(
  ctx: Pick<IWriteContext, 'pool' | 'storage'>
): DeflatePool {
  ctx.pool ??= new DeflatePool(ctx.storage.deflateWorkers);
  return ctx.pool;
}
