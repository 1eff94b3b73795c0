/** A read-back worker for fidelityWorker.test.ts whose thread dies on its first piece. */
import { serveTasks } from '../../../src/node/workerTasks';

serveTasks(() => {
  // What a crash in HDF5 or running out of memory looks like from the main thread.
  process.exit(9);
});
