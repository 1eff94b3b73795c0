/** An mtscomp decode worker for mtscompWorkers.test.ts whose thread dies on chunk 2. */
import { serveTasks } from '../../../src/node/workerTasks';
import {
  decodeTask,
  IDecodeResult,
  IDecodeTask
} from '../../../src/one/node/mtscompDecode';

serveTasks<IDecodeTask, IDecodeResult>(task => {
  if (task.index === 2) {
    // What running out of memory or a crash in zlib looks like from the main thread.
    process.exit(7);
  }
  const result = decodeTask(task);
  return { result, transfer: [result.samples] };
});
