/**
 * The worker threads that decode mtscomp chunks (inflate, undo the diffs, transpose), on the
 * shared worker pool (src/node/workerPool.ts), so a raw conversion decodes on every core
 * while the main thread picks channels and hands chunks to the deflate threads. Started on
 * first use, kept for the process (unref'd while idle). In the bundled CLI the worker is
 * `mtscomp-worker.mjs` beside the bundle; from source (tsx, vitest) `mtscompWorker.ts`.
 */
import { availableParallelism } from 'node:os';

import type { IWorkerEntry } from '../../node/workerEntry';
import {
  requireWorker,
  WorkerPool,
  WorkerStoppedError,
  WorkerTaskError
} from '../../node/workerPool';
import { CorruptFileError } from '../errors';
import type { IDecodeResult, IDecodeTask } from './mtscompDecode';

export { WorkerStoppedError };

export class MtscompDecoders {
  private pool: WorkerPool<IDecodeTask, IDecodeResult>;

  constructor(
    readonly size: number,
    private readonly entry: IWorkerEntry = requireWorker(
      import.meta.url,
      './mtscomp-worker.mjs',
      './mtscompWorker.ts'
    )
  ) {
    this.pool = this.start();
  }

  /**
   * Decodes one chunk on a thread; `task.compressed` is transferred (unusable here after).
   * A damaged chunk rejects with CorruptFileError naming the file and chunk; a thread that
   * died rejects with WorkerStoppedError, and so does every chunk in flight with it.
   */
  async decode(task: IDecodeTask): Promise<IDecodeResult> {
    // A pool whose thread died rejected all its work; the next file gets new threads.
    if (this.pool.stopped && this.pool.pending === 0) {
      this.pool = this.start();
    }
    try {
      return await this.pool.run(task, [task.compressed]);
    } catch (err) {
      if (err instanceof WorkerTaskError) {
        if (err.name === 'CorruptFileError' && err.problem) {
          throw new CorruptFileError(task.path, err.problem);
        }
        throw new Error(`${task.path}: chunk ${task.index}: ${err.message}`);
      }
      if (err instanceof WorkerStoppedError) {
        throw err;
      }
      throw new WorkerStoppedError(
        `an mtscomp decode thread stopped (${(err as Error).message})`,
        { cause: err }
      );
    }
  }

  /** Ends the threads (tests; the shared decoders live as long as the process). */
  async close(): Promise<void> {
    await this.pool.close();
  }

  private start(): WorkerPool<IDecodeTask, IDecodeResult> {
    return new WorkerPool(this.entry, {
      name: 'mtscomp decode',
      size: this.size,
      // A thread that finishes a chunk finds the next one queued already, even while the
      // main thread is busy picking channels out of the previous one.
      depth: 2
    });
  }
}

/**
 * Most decode threads: each holds up to 2 chunks (~32 MB each for a 385-channel second), so
 * memory stays near 256 MB however many cores the machine has; 4 threads decode ~600 MB/s,
 * more than the deflate threads can take.
 */
const MAX_DECODE_THREADS = 4;

let shared: MtscompDecoders | undefined;

/** The process's decoders: one thread per core up to 4 (deflate threads share the cores). */
export function sharedDecoders(): MtscompDecoders {
  shared ??= new MtscompDecoders(
    Math.max(1, Math.min(MAX_DECODE_THREADS, availableParallelism()))
  );
  return shared;
}
