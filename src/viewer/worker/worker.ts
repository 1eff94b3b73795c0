/**
 * The NWB reader's Web Worker. It must import neither `@jupyterlab/*` nor
 * `@lumino/*` (host-provided modules do not exist in a worker), and only
 * packages that are not Module-Federation shared (h5wasm is set unshared).
 */
import { WorkerHandler } from './handler';
import { openByFormat } from './openByFormat';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as {
  postMessage: (message: WorkerResponse) => void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

const handler = new WorkerHandler(openByFormat, message =>
  scope.postMessage(message)
);

scope.onmessage = event => {
  void handler.handle(event.data);
};
