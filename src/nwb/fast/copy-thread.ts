/**
 * Copies compressed chunks from side files into the NWB file on a worker thread
 * (copyWorker.ts), in plain read/write loops: the copy runs at disk speed even while the
 * main thread is busy (reading datasets back), which a chain of async reads and writes,
 * resumed by the main thread's event loop after every 8 MiB, does not. The main thread only
 * hears when each file is done.
 */
import { requireWorker, WorkerPool } from '../../node/workerPool';
import type { ICopyTask } from './copyWorker';

export interface ICopyJob {
  /** File whose content from `from` on is copied. */
  sideFile: string;
  /** Where in the destination it goes. */
  base: bigint;
  /** Where in `sideFile` to start (default 0). */
  from?: bigint;
}

/**
 * Copies each job's side file (from its `from`) to `fd` (open for writing; it must stay
 * open until every promise settled) at its `base`, one after the other, and returns one
 * promise per job. The first failure (e.g. a full disk) rejects its job and every later
 * one with its error. The thread ends after the last job.
 */
export function copyOnThread(fd: number, jobs: ICopyJob[]): Promise<void>[] {
  if (jobs.length === 0) {
    return [];
  }
  const pool = new WorkerPool<ICopyTask, null>(
    requireWorker(import.meta.url, './copy-worker.mjs', './copyWorker.ts'),
    { name: 'chunk copy', size: 1, stopOnTaskError: true }
  );
  const copied = jobs.map(job =>
    pool
      .run({
        fd,
        sideFile: job.sideFile,
        base: Number(job.base),
        from: Number(job.from ?? 0n)
      })
      .then(() => undefined)
  );
  void Promise.allSettled(copied).then(() => pool.close());
  return copied;
}
