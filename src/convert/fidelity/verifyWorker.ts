/**
 * The read-back worker: its own h5wasm opens the closed NWB file read-only and runs the
 * pieces of the fidelity check it is sent (see verifyHelper.ts), one after the other.
 * Bundled as jupyterlab_ibl_nwb/cli/verify-worker.mjs (scripts/build-cli.mjs).
 */
import { workerData } from 'node:worker_threads';

import { h5Ready } from '../../nwb/h5';
import { serveTasks } from '../../node/workerTasks';
import { runTask, type VerifyMessage, type VerifyResult } from './verifyTask';

const opened = h5Ready().then(h5 => new h5.File(workerData.path, 'r'));

// Messages are answered in order: each waits on the same opened file.
serveTasks<VerifyMessage, VerifyResult | null>(async task => {
  const file = await opened;
  if (task.kind === 'close') {
    // HDF5's descriptor belongs to the process, not to this thread: close it here.
    file.close();
    return { result: null };
  }
  return { result: runTask(file, task) };
});
