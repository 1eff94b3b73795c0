/**
 * A synchronous XMLHttpRequest for Node, so the benchmark opens a URL
 * through the worker's own code (`openByFormat` → `xhrGet`) exactly as a
 * browser worker does. The GET runs in a worker thread (httpWorker.mjs);
 * this thread waits on shared memory for its answer.
 */
import { Worker } from 'node:worker_threads';

/** Largest response: the page cache asks for at most 16 pages of 128 KiB. */
const BODY_BYTES = 64 << 20;

export function installSyncXhr(workerPath: string): () => void {
  const control = new SharedArrayBuffer(16);
  const body = new SharedArrayBuffer(BODY_BYTES);
  const header = new SharedArrayBuffer(512);
  const worker = new Worker(workerPath, {
    workerData: { control, body, header }
  });
  const flags = new Int32Array(control);
  const get = (url: string, headers: Record<string, string>) => {
    Atomics.store(flags, 0, 0);
    worker.postMessage({ url, headers });
    Atomics.wait(flags, 0, 0);
    const text = new TextDecoder().decode(
      new Uint8Array(header).slice(0, flags[3])
    );
    if (flags[1] < 0) {
      throw new Error(`GET ${url} failed: ${text}`);
    }
    return {
      status: flags[1],
      contentRange: text || null,
      body: new Uint8Array(body).slice(0, flags[2])
    };
  };

  class SyncXhr {
    status = 0;
    response: ArrayBuffer | null = null;
    responseType = '';
    private url = '';
    private headers: Record<string, string> = {};
    private contentRange: string | null = null;
    open(_method: string, url: string, async?: boolean): void {
      if (async !== false) {
        throw new Error('the benchmark XMLHttpRequest is synchronous only');
      }
      this.url = url;
    }
    setRequestHeader(name: string, value: string): void {
      this.headers[name] = value;
    }
    send(): void {
      const answer = get(this.url, this.headers);
      this.status = answer.status;
      this.contentRange = answer.contentRange;
      this.response = answer.body.buffer as ArrayBuffer;
    }
    getResponseHeader(name: string): string | null {
      return name.toLowerCase() === 'content-range' ? this.contentRange : null;
    }
  }
  (globalThis as Record<string, unknown>).XMLHttpRequest = SyncXhr;
  return () => void worker.terminate();
}
