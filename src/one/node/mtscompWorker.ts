/**
 * mtscomp decode worker thread (see mtscompPool.ts): inflates and decodes one chunk per
 * task. Bundled next to the CLI as `mtscomp-worker.mjs` (scripts/build-cli.mjs).
 */
import { serveTasks } from '../../node/workerTasks';
import { decodeTask, IDecodeResult, IDecodeTask } from './mtscompDecode';

serveTasks<IDecodeTask, IDecodeResult>(task => {
  const result = decodeTask(task);
  return { result, transfer: [result.samples] };
});
