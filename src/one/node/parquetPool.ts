/**
 * The worker threads of parallel `.pqt` reads: started on first use, kept for
 * the process (unref'd while idle, so they never keep it alive). In the
 * bundled CLI the worker is `parquet-worker.mjs` beside the bundle; from
 * source (tsx, vitest) it is `parquetWorker.ts`, run through tsx.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FileMetaData } from 'hyparquet';

import { findWorker, IWorkerEntry, startWorker } from '../../node/workerEntry';
import { CorruptFileError } from '../errors';
import type { IRowsResult, IRowsTask } from './parquetRows';

interface IPending {
  path: string;
  resolve: (result: IRowsResult) => void;
  reject: (err: Error) => void;
}

/** What a worker answers: the piece, or the error it met. */
export interface IRowsReply {
  id: number;
  result?: IRowsResult;
  error?: { name: string; message: string; problem?: string };
}

/** A worker thread stopped (could not start, crashed): not a problem of the file. */
export class WorkerStoppedError extends Error {}

export class ParquetWorkers {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, IPending>();
  private nextId = 0;
  private turn = 0;
  /** Pieces the workers decoded, and pieces they found damaged. */
  readonly counts = { decoded: 0, damaged: 0 };

  constructor(
    readonly size: number,
    private readonly entry: IWorkerEntry
  ) {}

  /** Decode one piece on a worker (round robin), given the file's parsed footer. */
  run(task: IRowsTask, metadata: FileMetaData): Promise<IRowsResult> {
    const worker = this.worker(this.turn++ % this.size);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { path: task.path, resolve, reject });
      worker.ref();
      worker.postMessage({ id, task, metadata });
    });
  }

  private worker(index: number): Worker {
    const existing = this.workers[index];
    if (existing) {
      return existing;
    }
    const worker = startWorker(this.entry);
    worker.unref();
    worker.on('message', (reply: IRowsReply) => this.settle(reply));
    const fail = (err: Error) => {
      // A dead worker fails what it was doing; a new one starts next time.
      delete this.workers[index];
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(
          new WorkerStoppedError(
            `a parquet reader thread stopped (${err.message})`
          )
        );
      }
    };
    worker.on('error', fail);
    worker.on('exit', code => fail(new Error(`exit code ${code}`)));
    this.workers[index] = worker;
    return worker;
  }

  private settle({ id, result, error }: IRowsReply): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) {
      this.workers.forEach(w => w?.unref());
    }
    if (!p) {
      return;
    }
    if (result) {
      this.counts.decoded++;
      p.resolve(result);
    } else if (error?.name === 'CorruptFileError' && error.problem) {
      this.counts.damaged++;
      p.reject(new CorruptFileError(p.path, error.problem));
    } else {
      p.reject(new Error(error?.message ?? 'a parquet reader thread failed'));
    }
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
