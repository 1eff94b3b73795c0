/**
 * The worker side of a `WorkerPool` (workerPool.ts): answers each `{ id, task }` message with
 * `{ id, result }`, or `{ id, error }` when the handler throws, so a failed task (a file it
 * cannot write, a damaged piece) reaches its caller with its name, errno code and message
 * instead of killing the thread.
 */
import { parentPort } from 'node:worker_threads';

/** A task's failure as it crosses the thread boundary (Error objects lose `code`). */
export interface ITaskFailure {
  name: string;
  message: string;
  /** errno code of a failed system call (`ENOSPC`, `ENOENT`, …). */
  code?: string;
  /** A data problem's description, for errors that carry one (AlfError). */
  problem?: string;
}

export interface ITaskReply<R> {
  id: number;
  result?: R;
  error?: ITaskFailure;
}

/** What a handler returns: the result and the buffers to move (not copy) back. */
export interface ITaskOutcome<R> {
  result: R;
  transfer?: ArrayBuffer[];
}

export function describeFailure(err: unknown): ITaskFailure {
  if (!(err instanceof Error)) {
    return { name: 'Error', message: String(err) };
  }
  const { code, problem } = err as Error & {
    code?: unknown;
    problem?: unknown;
  };
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof problem === 'string' ? { problem } : {})
  };
}

/** Serves tasks on this worker thread, one message at a time as they arrive. */
export function serveTasks<T, R>(
  handle: (task: T) => ITaskOutcome<R> | Promise<ITaskOutcome<R>>
): void {
  const port = parentPort;
  if (!port) {
    throw new Error('serveTasks runs on a worker thread only');
  }
  port.on('message', ({ id, task }: { id: number; task: T }) => {
    // A handler that throws synchronously is a failed task too, not a dead thread.
    Promise.resolve()
      .then(() => handle(task))
      .then(
        ({ result, transfer }) =>
          port.postMessage({ id, result } satisfies ITaskReply<R>, transfer),
        (err: unknown) =>
          port.postMessage({
            id,
            error: describeFailure(err)
          } satisfies ITaskReply<R>)
      );
  });
}
