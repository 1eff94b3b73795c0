/**
 * The main thread's handle on the read-back worker (verifyWorker.ts): starts it on the
 * closed file, sends it pieces of the fidelity check and hands back their results.
 */
import type { Worker } from 'node:worker_threads';

import { findWorker, startWorker } from '../../node/workerEntry';
import type { Values } from './compare';
import type { VerifyResult, VerifyTask } from './verifyTask';

/** The read-back worker on `nwbPath` (bundled next to the CLI, or from source). */
function startVerifyWorker(nwbPath: string): Worker {
  const entry = findWorker(
    import.meta.url,
    './verify-worker.mjs',
    './verifyWorker.ts'
  );
  if (!entry) {
    throw new Error(
      'the read-back worker is missing (verify-worker.mjs next to the CLI, or verifyWorker.ts)'
    );
  }
  return startWorker(entry, { workerData: { path: nwbPath } });
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
    this.worker = startVerifyWorker(nwbPath);
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
