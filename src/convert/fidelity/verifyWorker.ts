/**
 * The read-back worker: its own h5wasm opens the closed NWB file read-only and runs the
 * pieces of the fidelity check it is sent (see verifyHelper.ts), one after the other.
 * h5wasm loads when the thread starts; the file opens with the first piece, so the thread
 * may be started while the file is still being written (VerifyHelper.warm).
 * Bundled as jupyterlab_ibl_nwb/cli/verify-worker.mjs (scripts/build-cli.mjs).
 */
import { workerData } from 'node:worker_threads';

import { h5Ready, type H5File } from '../../nwb/h5';
import { serveTasks } from '../../node/workerTasks';
import { runTask, type VerifyMessage, type VerifyResult } from './verifyTask';

const h5 = h5Ready();
// A failure to load is reported by the first piece (as the pool's task error), not as an
// unhandled rejection of an idle thread.
h5.catch(() => undefined);
let opened: Promise<H5File> | undefined;

// Messages are answered in order: each waits on the same opened file.
serveTasks<VerifyMessage, VerifyResult | null>(async task => {
  if (task.kind === 'close' && !opened) {
    return { result: null };
  }
  opened ??= h5.then(lib => new lib.File(workerData.path, 'r'));
  const file = await opened;
  if (task.kind === 'close') {
    // HDF5's descriptor belongs to the process, not to this thread: close it here.
    file.close();
    return { result: null };
  }
  return { result: runTask(file, task) };
});
