/**
 * The worker pool fails loudly: a dead thread rejects its task, the queue and every later
 * submission; a task settles only once its thread is done with it.
 */
import { describe, expect, it } from 'vitest';

import {
  requireWorker,
  WorkerPool,
  WorkerStoppedError,
  WorkerTaskError
} from '../../../src/node/workerPool';
import type { PoolTestTask } from './poolWorker';

const entry = requireWorker(
  import.meta.url,
  './no-bundle.mjs',
  './poolWorker.ts'
);

function pool(
  size: number,
  stopOnTaskError = false,
  depth?: number,
  weight?: (task: PoolTestTask) => number
) {
  return new WorkerPool<PoolTestTask, number>(entry, {
    name: 'test',
    size,
    stopOnTaskError,
    depth,
    weight
  });
}

/** Blocks this thread (as a long synchronous piece of work does): no message is heard. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function slow(ms: number) {
  const done = new SharedArrayBuffer(4);
  return {
    task: { kind: 'slow', ms, done } as PoolTestTask,
    finished: () => Atomics.load(new Int32Array(done), 0) === 1
  };
}

describe('worker pool', () => {
  it('runs tasks on its threads and hands back their results', async () => {
    const p = pool(2);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(value => p.run({ kind: 'echo', value }))
    );
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(p.pending).toBe(0);
    await p.close();
  });

  it('a dead thread rejects its task, everything queued and every later task', async () => {
    const p = pool(1);
    const crashed = p.run({ kind: 'crash' });
    const queued = [1, 2, 3].map(value => p.run({ kind: 'echo', value }));
    await expect(crashed).rejects.toThrow(WorkerStoppedError);
    await expect(crashed).rejects.toThrow(/test thread stopped.*thread broke/);
    for (const q of queued) {
      await expect(q).rejects.toThrow(/thread broke/);
    }
    await expect(p.run({ kind: 'echo', value: 1 })).rejects.toThrow(
      /thread broke/
    );
    expect(p.pending).toBe(0);
  });

  it('a failed task stops a pool told so, with its errno code', async () => {
    const p = pool(1, true);
    const failed = p.run({ kind: 'fail', code: 'ENOSPC' });
    const queued = p.run({ kind: 'echo', value: 1 });
    const err = await failed.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerTaskError);
    expect((err as WorkerTaskError).code).toBe('ENOSPC');
    await expect(queued).rejects.toBe(err);
    await expect(p.run({ kind: 'echo', value: 1 })).rejects.toBe(err);
    expect(p.stopped).toBe(err);
  });

  it('a failed task alone does not stop a pool that goes on', async () => {
    const p = pool(1);
    await expect(p.run({ kind: 'fail', code: 'EIO' })).rejects.toThrow(
      /failed with EIO/
    );
    expect(await p.run({ kind: 'echo', value: 4 })).toBe(8);
    await p.close();
  });

  it("another thread's running task settles only once that thread is done", async () => {
    const p = pool(2, true);
    // Both threads started first, so the failing task does not wait for a thread to load.
    await Promise.all([1, 2].map(value => p.run({ kind: 'echo', value })));
    const long = slow(800);
    const running = p.run(long.task);
    const failed = p.run({ kind: 'fail', code: 'ENOSPC' });
    await expect(failed).rejects.toThrow(/ENOSPC/);
    // The pool stopped, but the slow task is still on its thread: not settled yet.
    expect(long.finished()).toBe(false);
    await Promise.allSettled([running]);
    expect(long.finished()).toBe(true);
  });

  it('close() rejects what is queued, and running tasks once their thread ended', async () => {
    const p = pool(1);
    const long = slow(300);
    const running = p.run(long.task);
    const queued = p.run({ kind: 'echo', value: 1 });
    // Let the slow task reach its thread.
    await new Promise(resolve => setTimeout(resolve, 100));
    const closing = p.close();
    await expect(queued).rejects.toThrow(/test threads were closed/);
    await closing;
    await expect(running).rejects.toThrow(/closed/);
    await expect(p.run({ kind: 'echo', value: 1 })).rejects.toThrow(/closed/);
  });

  it('with depth, a thread has its next task before this thread hears of the last one', async () => {
    for (const depth of [1, 2]) {
      const p = pool(1, false, depth);
      // The thread is up before the timing starts.
      await p.run({ kind: 'echo', value: 0 });
      const first = slow(50);
      const second = slow(50);
      const done = Promise.all([p.run(first.task), p.run(second.task)]);
      // Busy here while the thread works: it can only go on if it already has the task.
      blockFor(600);
      expect(first.finished()).toBe(true);
      expect(second.finished()).toBe(depth === 2);
      await done;
      await p.close();
    }
  });

  it('with depth, a dead thread rejects every task it was sent, and the queue', async () => {
    const p = pool(1, false, 3);
    await p.run({ kind: 'echo', value: 0 });
    const died = p.run({ kind: 'exit', code: 7 });
    const sent = [p.run({ kind: 'echo', value: 1 }), p.run(slow(10).task)];
    const queued = p.run({ kind: 'echo', value: 2 });
    await expect(died).rejects.toThrow(/test thread stopped \(exit code 7\)/);
    for (const task of [...sent, queued]) {
      await expect(task).rejects.toThrow(/exit code 7/);
    }
    await expect(p.run({ kind: 'echo', value: 1 })).rejects.toThrow(
      WorkerStoppedError
    );
    expect(p.pending).toBe(0);
  });

  it('with a weight, depth counts the weight of the tasks sent, not their number', async () => {
    // Weight = the task's ms: 150 ms of work sent at once, whatever the number of tasks.
    const p = pool(1, false, 150, task => (task.kind === 'slow' ? task.ms : 1));
    await p.run({ kind: 'echo', value: 0 });
    const tasks = [40, 40, 40, 40, 40].map(ms => slow(ms));
    const done = Promise.all(tasks.map(t => p.run(t.task)));
    // Sent: 40 (0 before it), 40 (40), 40 (80), 40 (120); the fifth waits (160 > 150).
    blockFor(600);
    expect(tasks.map(t => t.finished())).toEqual([
      true,
      true,
      true,
      true,
      false
    ]);
    await done;
    await p.close();
  });

  it('urgent tasks go before the others, in the order they came', async () => {
    const p = pool(1);
    const order: string[] = [];
    const run = (name: string, urgent: boolean) =>
      p.run({ kind: 'echo', value: 1 }, [], urgent).then(() => {
        order.push(name);
      });
    // The first starts the thread and is sent at once; the rest wait in the queues.
    await Promise.all([
      run('first', false),
      run('a', false),
      run('b', false),
      run('u1', true),
      run('u2', true),
      run('u3', true)
    ]);
    expect(order).toEqual(['first', 'u1', 'u2', 'u3', 'a', 'b']);
    await p.close();
  });

  it('warm() starts the threads before any task (no more than `size`), idle', async () => {
    const loaded = new SharedArrayBuffer(4);
    const count = () => Atomics.load(new Int32Array(loaded), 0);
    const p = new WorkerPool<PoolTestTask, number>(entry, {
      name: 'test',
      size: 2,
      workerData: { loaded }
    });
    const cold = new WorkerPool<PoolTestTask, number>(entry, {
      name: 'test',
      size: 2,
      workerData: { loaded }
    });
    p.warm();
    p.warm();
    // Up to 20 s for both to load (tsx compiles the worker in source runs).
    for (let i = 0; i < 200 && count() < 2; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(count()).toBe(2);
    expect(p.pending).toBe(0);
    // A pool that is not warmed starts nothing until given a task.
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(count()).toBe(2);
    expect(await p.run({ kind: 'echo', value: 3 })).toBe(6);
    expect(count()).toBe(2);
    expect(await cold.run({ kind: 'echo', value: 3 })).toBe(6);
    expect(count()).toBe(3);
    await Promise.all([p.close(), cold.close()]);
  });
});
