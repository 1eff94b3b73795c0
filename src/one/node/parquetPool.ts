/**
 * The worker threads of parallel `.pqt` reads, on the shared worker pool
 * (src/node/workerPool.ts): started on first use, kept for the process
 * (unref'd while idle, so they never keep it alive). In the bundled CLI the
 * worker is `parquet-worker.mjs` beside the bundle; from source (tsx, vitest)
 * it is `parquetWorker.ts`, run through tsx.
 */
import { availableParallelism } from 'node:os';
import type { FileMetaData } from 'hyparquet';

import { findWorker, IWorkerEntry } from '../../node/workerEntry';
import {
  WorkerPool,
  WorkerStoppedError,
  WorkerTaskError
} from '../../node/workerPool';
import { CorruptFileError } from '../errors';
import type { IRowsResult, IRowsTask } from './parquetRows';

export { WorkerStoppedError };

/** What a worker is given: one piece of a file, and the footer already parsed. */
export interface IRowsMessage {
  task: IRowsTask;
  metadata: FileMetaData;
}

export class ParquetWorkers {
  private pool: WorkerPool<IRowsMessage, IRowsResult>;
  /** Pieces the workers decoded, and pieces they found damaged. */
  readonly counts = { decoded: 0, damaged: 0 };

  constructor(
    readonly size: number,
    private readonly entry: IWorkerEntry
  ) {
    this.pool = this.start();
  }

  /**
   * Decode one piece on a worker, given the file's parsed footer. A damaged piece
   * rejects with CorruptFileError; a thread that stopped with WorkerStoppedError
   * (not the file's fault: the caller decodes the piece itself).
   */
  async run(task: IRowsTask, metadata: FileMetaData): Promise<IRowsResult> {
    // A pool whose thread died rejects all its work; the next read gets new threads.
    if (this.pool.stopped) {
      this.pool = this.start();
    }
    try {
      const result = await this.pool.run({ task, metadata });
      this.counts.decoded++;
      return result;
    } catch (err) {
      if (err instanceof WorkerTaskError) {
        if (err.name === 'CorruptFileError' && err.problem) {
          this.counts.damaged++;
          throw new CorruptFileError(task.path, err.problem);
        }
        throw new Error(err.message);
      }
      if (err instanceof WorkerStoppedError) {
        throw err;
      }
      throw new WorkerStoppedError(
        `a parquet reader thread stopped (${(err as Error).message})`
      );
    }
  }

  private start(): WorkerPool<IRowsMessage, IRowsResult> {
    return new WorkerPool(this.entry, {
      name: 'parquet reader',
      size: this.size
    });
  }
}

let shared: ParquetWorkers | null | undefined;

/** The process's parquet workers, or null on one core or without the worker file. */
export function parquetWorkers(): ParquetWorkers | null {
  if (shared === undefined) {
    const extra = Math.min(availableParallelism() - 1, 3);
    const entry =
      extra > 0
        ? findWorker(
            import.meta.url,
            './parquet-worker.mjs',
            './parquetWorker.ts'
          )
        : null;
    shared = entry ? new ParquetWorkers(extra, entry) : null;
  }
  return shared;
}
