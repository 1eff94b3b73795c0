/**
 * The main thread's handle on the read-back worker (verifyWorker.ts): starts it on the
 * closed file, sends it pieces of the fidelity check and hands back their results.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Values } from './compare';
import type { VerifyResult, VerifyTask } from './verifyTask';

/**
 * The bundled worker next to the CLI bundle (scripts/build-cli.mjs builds both), or, in
 * source runs (vitest, tsx), the TypeScript entry loaded through tsx inside the worker.
 */
function startWorker(nwbPath: string): Worker {
  const workerData = { path: nwbPath };
  const bundled = new URL('./verify-worker.mjs', import.meta.url);
  if (existsSync(bundled)) {
    return new Worker(bundled, { workerData });
  }
  const source = new URL('./verifyWorker.ts', import.meta.url);
  if (existsSync(source)) {
    const url = JSON.stringify(source.href);
    return new Worker(
      `import(${JSON.stringify(tsxApi())}).then(tsx => tsx.tsImport(${url}, ${url}));`,
      { eval: true, workerData }
    );
  }
  throw new Error(
    `the read-back worker is missing (${fileURLToPath(bundled)} or ${fileURLToPath(source)})`
  );
}

/** tsx's ESM API (`tsx/esm/api`, import condition), as a file URL the worker can import. */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = JSON.parse(readFileSync(manifest, 'utf8')).exports[
    './esm/api'
  ].import.default as string;
  return pathToFileURL(join(dirname(manifest), exported)).href;
}

/**
 * Expected values as the worker receives them: shared memory as is (no copy), other typed
 * arrays copied once and transferred, plain arrays cloned.
 */
function portable(task: VerifyTask): {
  task: VerifyTask;
  transfer: ArrayBuffer[];
} {
  if (task.kind !== 'rows') {
    return { task, transfer: [] };
  }
  const transfer: ArrayBuffer[] = [];
  const expected = task.expected.map((part): Values => {
    if (!ArrayBuffer.isView(part) || part.buffer instanceof SharedArrayBuffer) {
      return part;
    }
    // Cloning a view would copy its whole buffer: copy just the view, then move that.
    const copy = (part as unknown as Float64Array).slice();
    transfer.push(copy.buffer);
    return copy;
  });
  return { task: { ...task, expected }, transfer };
}

interface ICall {
  resolve: (result: VerifyResult | undefined) => void;
  reject: (error: Error) => void;
}

export class VerifyHelper {
  private readonly worker: Worker;
  private readonly calls = new Map<number, ICall>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(nwbPath: string) {
    this.worker = startWorker(nwbPath);
    this.worker.on(
      'message',
      ({
        id,
        result,
        error
      }: {
        id: number;
        result?: VerifyResult;
        error?: string;
      }) => {
        const call = this.calls.get(id);
        this.calls.delete(id);
        if (error !== undefined) {
          call?.reject(new Error(error));
        } else {
          call?.resolve(result);
        }
      }
    );
    this.worker.on('error', error => this.fail(error));
    this.worker.on('exit', code =>
      this.fail(new Error(`the read-back worker stopped (exit code ${code})`))
    );
  }

  /** Pieces sent and not answered yet. */
  get inFlight(): number {
    return this.calls.size;
  }

  run(task: VerifyTask): Promise<VerifyResult> {
    const message = portable(task);
    return this.call(message.task, message.transfer) as Promise<VerifyResult>;
  }

  /** Closes the worker's file (its descriptor is the process's) and stops the worker. */
  async close(): Promise<void> {
    if (!this.failure) {
      await this.call('close', []).catch(() => undefined);
    }
    await this.worker.terminate();
  }

  private call(
    task: VerifyTask | 'close',
    transfer: ArrayBuffer[]
  ): Promise<VerifyResult | undefined> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ id, task }, transfer);
    });
  }

  /** A dead worker fails every piece it still had, so no check waits forever. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const call of this.calls.values()) {
      call.reject(this.failure);
    }
    this.calls.clear();
  }
}
