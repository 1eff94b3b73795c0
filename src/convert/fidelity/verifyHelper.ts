/**
 * The main thread's handle on the read-back worker (verifyWorker.ts): a one-thread
 * WorkerPool on the closed file that runs pieces of the fidelity check. A thread that dies
 * fails its piece and every piece after it (the pool stops), so no check waits for ever.
 */
import { requireWorker, WorkerPool } from '../../node/workerPool';
import type { IWorkerEntry } from '../../node/workerEntry';
import type { Values } from './compare';
import type { VerifyMessage, VerifyResult, VerifyTask } from './verifyTask';

/**
 * Pieces the worker holds at once: one running and two waiting, so it still has work when
 * it finishes one while the main thread is inside a piece of its own (it hears only after).
 */
export const HELPER_DEPTH = 3;

/** The read-back worker's code (bundled next to the CLI, or from source). */
function verifyWorkerEntry(): IWorkerEntry {
  return requireWorker(
    import.meta.url,
    './verify-worker.mjs',
    './verifyWorker.ts'
  );
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

export class VerifyHelper {
  private readonly pool: WorkerPool<VerifyMessage, VerifyResult | null>;

  /** `entry`: the worker's code (tests give one that fails); default the read-back worker. */
  constructor(nwbPath: string, entry?: IWorkerEntry) {
    this.pool = new WorkerPool(entry ?? verifyWorkerEntry(), {
      name: 'read-back',
      size: 1,
      depth: HELPER_DEPTH,
      workerData: { path: nwbPath }
    });
  }

  /**
   * Starts the thread now (it loads h5wasm, ~0.2 s of CPU) instead of with the first piece,
   * e.g. while the file is being written, when a core is often idle. The file is opened
   * with the first piece.
   */
  warm(): void {
    this.pool.warm();
  }

  /** Pieces sent and not answered yet. */
  get inFlight(): number {
    return this.pool.pending;
  }

  async run(task: VerifyTask): Promise<VerifyResult> {
    const message = portable(task);
    return (await this.pool.run(message.task, message.transfer))!;
  }

  /** Closes the worker's file (its descriptor is the process's) and stops the worker. */
  async close(): Promise<void> {
    if (!this.pool.stopped) {
      await this.pool.run({ kind: 'close' }).catch(() => undefined);
    }
    await this.pool.close();
  }
}
