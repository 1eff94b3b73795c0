// The network half of syncHttp.ts: runs in a worker thread, does each GET
// with fetch (keep-alive), and hands the answer back through shared memory
// while the main thread waits (the viewer's worker reads synchronously, as
// a browser worker does with synchronous XMLHttpRequest).
/* global fetch, TextEncoder */
import { parentPort, workerData } from 'node:worker_threads';

const control = new Int32Array(workerData.control);
const body = new Uint8Array(workerData.body);
const header = new Uint8Array(workerData.header);

parentPort.on('message', async ({ url, headers }) => {
  try {
    const response = await fetch(url, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > body.length) {
      throw new Error(
        `response of ${bytes.length} bytes exceeds the shared buffer`
      );
    }
    body.set(bytes);
    const range = new TextEncoder().encode(
      response.headers.get('content-range') ?? ''
    );
    header.set(range.subarray(0, header.length));
    control[1] = response.status;
    control[2] = bytes.length;
    control[3] = Math.min(range.length, header.length);
  } catch (error) {
    const text = new TextEncoder().encode(String(error));
    header.set(text.subarray(0, header.length));
    control[1] = -1;
    control[2] = 0;
    control[3] = Math.min(text.length, header.length);
  }
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
