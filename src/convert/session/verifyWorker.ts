/**
 * The read-back worker: its own h5wasm opens the closed NWB file read-only and runs the
 * pieces of the fidelity check it is sent (see verifyHelper.ts), one after the other.
 * Bundled as jupyterlab_ibl_nwb/cli/verify-worker.mjs (scripts/build-cli.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { h5Ready } from '../../nwb/h5';
import { runTask, type VerifyTask } from './verifyTask';

const port = parentPort!;
const opened = h5Ready().then(h5 => new h5.File(workerData.path, 'r'));

port.on(
  'message',
  ({ id, task }: { id: number; task: VerifyTask | 'close' }) => {
    // Messages are answered in order: each waits on the same opened file.
    opened
      .then(file => {
        if (task === 'close') {
          // HDF5's descriptor belongs to the process, not to this thread: close it here.
          file.close();
          port.postMessage({ id });
        } else {
          port.postMessage({ id, result: runTask(file, task) });
        }
      })
      .catch((error: unknown) =>
        port.postMessage({
          id,
          error: error instanceof Error ? error.message : String(error)
        })
      );
  }
);
