/** A worker for workerPool.test.ts: echoes, fails, crashes or works slowly on request. */
import { workerData } from 'node:worker_threads';

import { serveTasks } from '../../../src/node/workerTasks';

export type PoolTestTask =
  | { kind: 'echo'; value: number }
  | { kind: 'fail'; code: string }
  | { kind: 'crash' }
  | { kind: 'exit'; code: number }
  | { kind: 'slow'; ms: number; done: SharedArrayBuffer };

// Counts the threads that have loaded this code, when the test gives a counter.
if (workerData?.loaded instanceof SharedArrayBuffer) {
  Atomics.add(new Int32Array(workerData.loaded), 0, 1);
}

serveTasks<PoolTestTask, number>(task => {
  switch (task.kind) {
    case 'echo':
      return { result: task.value * 2 };
    case 'fail':
      throw Object.assign(new Error(`failed with ${task.code}`), {
        code: task.code
      });
    case 'crash':
      // Uncaught on the thread (as an error outside any task would be): the thread dies.
      setImmediate(() => {
        throw new Error('the thread broke');
      });
      return new Promise(() => undefined);
    case 'exit':
      // The thread ends at once, inside this task: the tasks sent after it never run.
      process.exit(task.code);
      break;
    case 'slow': {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, task.ms);
      // What "still writing" looks like to the main thread: done only when this is set.
      Atomics.store(new Int32Array(task.done), 0, 1);
      return { result: task.ms };
    }
  }
});
