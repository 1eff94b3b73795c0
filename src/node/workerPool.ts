/**
 * A small pool of worker threads that fails loudly: a thread that dies rejects the task it
 * was running and every task queued or submitted after it, so no caller waits for ever and
 * no work is accepted that nobody will do. A task's promise settles only once its thread
 * is done with it (answered, or exited), so the caller may then free what the thread used
 * (close the file descriptor it wrote to, reuse its buffer).
 *
 * Threads start on demand (up to `size`) and are unref'd while idle, so an idle pool never
 * keeps the process alive. The worker side answers through `serveTasks` (workerTasks.ts).
 */
import type { Worker } from 'node:worker_threads';

import { findWorker, IWorkerEntry, startWorker } from './workerEntry';
import type { ITaskFailure, ITaskReply } from './workerTasks';

/** A worker thread stopped (could not start, crashed, was terminated): not the data's fault. */
export class WorkerStoppedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerStoppedError';
  }
}

/** A task failed on its thread; keeps the thread's error name, errno `code` and `problem`. */
export class WorkerTaskError extends Error {
  readonly code?: string;
  readonly problem?: string;

  constructor(failure: ITaskFailure) {
    super(failure.message);
    this.name = failure.name;
    this.code = failure.code;
    this.problem = failure.problem;
  }
}

export interface IWorkerPoolOptions<T = unknown> {
  /** Names the threads in errors ("the deflate thread stopped …"). */
  name: string;
  /** Most threads running at once. */
  size: number;
  /**
   * A failed task stops the pool too (its error rejects what is queued and whatever is
   * submitted later): for tasks that only make sense together, such as the chunks of one file.
   */
  stopOnTaskError?: boolean;
  /**
   * Tasks sent to a thread at once (default 1), or their total `weight`: with more, a
   * thread that finishes one finds the next in its own queue, without waiting for this
   * thread to hear of it (a busy main thread hears only between its own pieces of work).
   */
  depth?: number;
  /** A task's share of `depth` (default 1 per task; e.g. its bytes). */
  weight?: (task: T) => number;
  /** Given to every thread as `workerData` (e.g. the file its tasks read). */
  workerData?: unknown;
}

interface IJob<R> {
  id: number;
  weight: number;
  task: unknown;
  transfer: ArrayBuffer[];
  resolve: (result: R) => void;
  reject: (err: Error) => void;
}

/** The entry of a pool's worker (bundled file or TypeScript source), or a clear error. */
export function requireWorker(
  base: string,
  bundled: string,
  source: string
): IWorkerEntry {
  const entry = findWorker(base, bundled, source);
  if (!entry) {
    throw new Error(
      `the worker thread's code is missing: neither ${bundled} (next to the bundle) nor ${source} was found from ${base}`
    );
  }
  return entry;
}

export class WorkerPool<T, R> {
  private readonly threads = new Set<Worker>();
  /** Tasks sent to each thread and not answered yet. */
  private readonly sent = new Map<Worker, IJob<R>[]>();
  private readonly queue: IJob<R>[] = [];
  /** Urgent tasks: taken before any in `queue`, in the order they came. */
  private readonly urgent: IJob<R>[] = [];
  private readonly errors = new Map<Worker, Error>();
  /** Threads being terminated (see terminate). */
  private readonly ending = new WeakMap<Worker, Promise<number>>();
  private failure: Error | undefined;
  private nextId = 0;

  constructor(
    private readonly entry: IWorkerEntry,
    private readonly options: IWorkerPoolOptions<T>
  ) {}

  /**
   * Runs `task` on a thread; `transfer` lists buffers moved to it (unusable here after).
   * An `urgent` task goes before the queued ones that are not urgent (urgent ones run in
   * the order they came). Rejects at once if the pool stopped.
   */
  run(task: T, transfer: ArrayBuffer[] = [], urgent = false): Promise<R> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    return new Promise<R>((resolve, reject) => {
      const weight = this.options.weight?.(task) ?? 1;
      const job = {
        id: this.nextId++,
        weight,
        task,
        transfer,
        resolve,
        reject
      };
      (urgent ? this.urgent : this.queue).push(job);
      this.pump();
    });
  }

  /**
   * Starts every thread now instead of on the first tasks, so their start-up (loading their
   * code, compiling h5wasm) runs while this thread is busy with something else. Idle
   * threads do not keep the process alive.
   */
  warm(): void {
    if (this.failure) {
      return;
    }
    for (let worker = this.start(); worker; worker = this.start()) {
      worker.unref();
    }
  }

  /** Tasks queued or running. */
  get pending(): number {
    let sent = 0;
    for (const jobs of this.sent.values()) {
      sent += jobs.length;
    }
    return this.urgent.length + this.queue.length + sent;
  }

  /** Why the pool stopped taking work, if it did. */
  get stopped(): Error | undefined {
    return this.failure;
  }

  /**
   * Takes no more work: queued tasks and later submissions reject with `reason`. Tasks
   * already sent finish on their threads (their promises settle then); idle threads end now.
   */
  stop(reason: Error): void {
    this.failure ??= reason;
    for (const job of [...this.urgent.splice(0), ...this.queue.splice(0)]) {
      job.reject(this.failure);
    }
    for (const [worker, jobs] of this.sent) {
      if (jobs.length === 0) {
        void this.terminate(worker);
      }
    }
  }

  /** Stops the pool and its threads; running tasks reject once their thread has exited. */
  async close(): Promise<void> {
    this.stop(
      new WorkerStoppedError(`the ${this.options.name} threads were closed`)
    );
    await Promise.all([...this.threads].map(w => this.terminate(w)));
  }

  private pump(): void {
    while (this.urgent.length + this.queue.length > 0) {
      const worker = this.pick();
      if (!worker) {
        return;
      }
      const job = this.urgent.shift() ?? this.queue.shift()!;
      this.sent.get(worker)!.push(job);
      worker.ref();
      worker.postMessage({ id: job.id, task: job.task }, job.transfer);
    }
  }

  /**
   * The thread for the next task: an idle one, else a new one (up to `size`), else the least
   * busy one with less than `depth` (tasks, or their weight) sent.
   */
  private pick(): Worker | undefined {
    let best: Worker | undefined;
    let load = Infinity;
    for (const [worker, jobs] of this.sent) {
      const sent = jobs.reduce((sum, job) => sum + job.weight, 0);
      if (sent < load) {
        best = worker;
        load = sent;
      }
    }
    if (load === 0) {
      return best;
    }
    return (
      this.start() ?? (load < (this.options.depth ?? 1) ? best : undefined)
    );
  }

  /**
   * Ends `worker`, once: each Worker.terminate() call adds a listener, and a thread with many
   * tasks sent answers each of them after the pool stopped.
   */
  private terminate(worker: Worker): Promise<number> {
    let ending = this.ending.get(worker);
    if (!ending) {
      ending = worker.terminate();
      this.ending.set(worker, ending);
    }
    return ending;
  }

  private start(): Worker | undefined {
    if (this.threads.size >= this.options.size) {
      return undefined;
    }
    const worker = startWorker(this.entry, {
      workerData: this.options.workerData
    });
    this.threads.add(worker);
    this.sent.set(worker, []);
    worker.on('message', (reply: ITaskReply<R>) => this.answer(worker, reply));
    worker.on('error', err => this.errors.set(worker, err));
    worker.on('exit', code => this.exited(worker, code));
    return worker;
  }

  private answer(worker: Worker, { id, result, error }: ITaskReply<R>): void {
    const jobs = this.sent.get(worker) ?? [];
    const at = jobs.findIndex(j => j.id === id);
    const job = at >= 0 ? jobs.splice(at, 1)[0] : undefined;
    if (!job) {
      this.stop(
        new WorkerStoppedError(
          `the ${this.options.name} thread answered a task it was not given`
        )
      );
    }
    if (error) {
      const err = new WorkerTaskError(error);
      if (this.options.stopOnTaskError) {
        this.stop(err);
      }
      job?.reject(err);
    } else {
      job?.resolve(result as R);
    }
    if (this.failure) {
      // Tasks still sent to it reject when it has exited.
      void this.terminate(worker);
    } else {
      if (jobs.length === 0) {
        worker.unref();
      }
      this.pump();
    }
  }

  private exited(worker: Worker, code: number): void {
    this.threads.delete(worker);
    const jobs = this.sent.get(worker) ?? [];
    this.sent.delete(worker);
    const cause = this.errors.get(worker);
    this.errors.delete(worker);
    // A thread that ends unasked takes the pool with it: nobody is left to do the queue.
    const err =
      this.failure ??
      new WorkerStoppedError(
        `the ${this.options.name} thread stopped (${cause?.message ?? `exit code ${code}`})`,
        { cause }
      );
    this.stop(err);
    for (const job of jobs) {
      job.reject(err);
    }
  }
}
