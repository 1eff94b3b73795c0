/**
 * Pieces of the read-back check waiting for a thread: the worker is kept supplied (a few
 * pieces ahead, so it never waits on this thread) and this thread takes the next piece in
 * between, so both stay busy whatever the sizes of the datasets are.
 */
import { HELPER_DEPTH, type VerifyHelper } from './verifyHelper';
import type { VerifyResult, VerifyTask } from './verifyTask';

interface IQueued {
  task: VerifyTask;
  resolve: (result: VerifyResult) => void;
  reject: (error: unknown) => void;
}

export class VerifyQueue {
  private readonly waiting: IQueued[] = [];
  private wake: (() => void) | undefined;

  constructor(
    private readonly runHere: (task: VerifyTask) => VerifyResult,
    private readonly helper?: VerifyHelper,
    private readonly signal?: AbortSignal
  ) {}

  /** Queues `task` for whichever thread is free first. */
  run(task: VerifyTask): Promise<VerifyResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.feedHelper();
      this.wake?.();
    });
  }

  /**
   * Runs queued pieces on this thread until `work` (which queues them) settles; stops
   * between pieces once `signal` is aborted (the file is to be removed anyway).
   */
  async drain<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const stop = () => {
      settled = true;
      this.wake?.();
    };
    work.then(stop, stop);
    this.signal?.addEventListener('abort', stop);
    try {
      while (!settled && !this.signal?.aborted) {
        const next = this.waiting.shift();
        if (!next) {
          await new Promise<void>(resolve => (this.wake = resolve));
          this.wake = undefined;
          continue;
        }
        try {
          next.resolve(this.runHere(next.task));
        } catch (error) {
          next.reject(error);
        }
        // Worker replies, chunk copies and newly ready datasets are handled between pieces.
        await new Promise(resolve => setImmediate(resolve));
      }
    } finally {
      this.signal?.removeEventListener('abort', stop);
    }
    this.signal?.throwIfAborted();
    return work;
  }

  private feedHelper(): void {
    const helper = this.helper;
    while (
      helper &&
      helper.inFlight < HELPER_DEPTH &&
      this.waiting.length > 0
    ) {
      const next = this.waiting.shift()!;
      helper.run(next.task).then(result => {
        next.resolve(result);
        this.feedHelper();
      }, next.reject);
    }
  }
}
