/**
 * Chunk copy worker thread (see copy-thread.ts): copies a side file's bytes into the NWB
 * file in plain read/write loops. Bundled next to the CLI as `copy-worker.mjs`.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

import { serveTasks } from '../../node/workerTasks';

/** Copy `sideFile` from byte `from` to its end into `fd` (open for writing) at `base`. */
export interface ICopyTask {
  fd: number;
  sideFile: string;
  base: number;
  from: number;
}

const COPY_BYTES = 8 << 20;
let buf: Buffer | undefined;

serveTasks<ICopyTask, null>(({ fd, sideFile, base, from }) => {
  buf ??= Buffer.allocUnsafe(COPY_BYTES);
  const src = openSync(sideFile, 'r');
  try {
    for (let pos = base, at = from; ;) {
      const n = readSync(src, buf, 0, COPY_BYTES, at);
      if (n === 0) {
        break;
      }
      for (let done = 0; done < n;) {
        done += writeSync(fd, buf, done, n - done, pos + done);
      }
      pos += n;
      at += n;
    }
  } finally {
    closeSync(src);
  }
  return { result: null };
});
