/**
 * Copies compressed chunks from side files into the NWB file on a worker thread, in plain
 * read/write loops: the copy runs at disk speed even while the main thread is busy (reading
 * datasets back), which a chain of async reads and writes, resumed by the main thread's
 * event loop after every 8 MiB, does not. The main thread only hears when each file is done.
 */
import { Worker } from 'node:worker_threads';

const COPY_BYTES = 8 << 20;

// Plain JS run with `eval`, so the worker needs no separate file in bundles or under tsx.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { fd, jobs, bytes } = workerData;
const buf = Buffer.allocUnsafe(bytes);
for (let i = 0; i < jobs.length; i++) {
  try {
    const src = fs.openSync(jobs[i].sideFile, 'r');
    try {
      for (let pos = jobs[i].base, from = jobs[i].from; ; ) {
        const n = fs.readSync(src, buf, 0, bytes, from);
        if (n === 0) break;
        for (let done = 0; done < n; ) done += fs.writeSync(fd, buf, done, n - done, pos + done);
        pos += n;
        from += n;
      }
    } finally {
      fs.closeSync(src);
    }
    parentPort.postMessage({ index: i });
  } catch (error) {
    // Later files are not copied: their promises fail when the thread exits.
    parentPort.postMessage({ index: i, error: String(error && error.message || error) });
    break;
  }
}
`;

export interface ICopyJob {
  /** File whose content from `from` on is copied. */
  sideFile: string;
  /** Where in the destination it goes. */
  base: bigint;
  /** Where in `sideFile` to start (default 0). */
  from?: bigint;
}

/**
 * Copies each job's side file (from its `from`) to `fd` (open for writing; it must stay open until every
 * promise settled) at its `base`, one after the other, and returns one promise per job.
 * The thread ends by itself after the last job (or the first failure).
 */
export function copyOnThread(fd: number, jobs: ICopyJob[]): Promise<void>[] {
  const settle: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const copied = jobs.map(
    () =>
      new Promise<void>((resolve, reject) => settle.push({ resolve, reject }))
  );
  if (jobs.length === 0) {
    return copied;
  }
  let next = 0;
  const failRest = (error: Error) => {
    for (; next < settle.length; next++) {
      settle[next].reject(error);
    }
  };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      fd,
      bytes: COPY_BYTES,
      jobs: jobs.map(j => ({
        sideFile: j.sideFile,
        base: Number(j.base),
        from: Number(j.from ?? 0n)
      }))
    }
  });
  worker.on(
    'message',
    ({ index, error }: { index: number; error?: string }) => {
      next = index + 1;
      if (error === undefined) {
        settle[index].resolve();
      } else {
        settle[index].reject(new Error(error));
      }
    }
  );
  worker.on('error', failRest);
  worker.on('exit', code =>
    failRest(new Error(`the chunk copy thread stopped (exit code ${code})`))
  );
  return copied;
}
