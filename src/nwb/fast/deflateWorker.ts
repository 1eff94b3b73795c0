/**
 * Deflate worker thread (see deflate-pool.ts): compresses one chunk per task and, with a
 * sink, appends it to the chunk file itself, off the main thread. Bundled next to the CLI
 * as `deflate-worker.mjs` (scripts/build-cli.mjs).
 */
import { writeSync } from 'node:fs';

import { serveTasks } from '../../node/workerTasks';
import {
  deflateChunk,
  IChunkSink,
  IDeflateResult,
  IDeflateTask,
  shuffleBytes
} from './deflate';

// One scratch buffer each per thread: deflateSync consumes them before the next task.
let scratch = new Uint8Array(0);
let padded = new Uint8Array(0);

function chunkBytes(task: IDeflateTask): Uint8Array {
  // A chunk of shared memory is read in place (and not handed back); others were transferred.
  const input = task.shared
    ? new Uint8Array(task.shared, task.offset, task.length)
    : new Uint8Array(task.buffer!);
  if (task.padTo <= input.length) {
    return input;
  }
  if (padded.length !== task.padTo) {
    padded = new Uint8Array(task.padTo);
  }
  padded.set(input);
  padded.fill(0, input.length);
  return padded;
}

/** Reserves a range at the sink's end and writes `z` there; throws the write's errno error. */
function append(sink: IChunkSink, z: Uint8Array): number {
  const at = Number(
    Atomics.add(new BigInt64Array(sink.end), 0, BigInt(z.length))
  );
  for (let done = 0; done < z.length;) {
    done += writeSync(sink.fd, z, done, z.length - done, at + done);
  }
  return at;
}

serveTasks<IDeflateTask, IDeflateResult>(task => {
  let input = chunkBytes(task);
  if (task.shuffleBytes > 1) {
    if (scratch.length !== input.length) {
      scratch = new Uint8Array(input.length);
    }
    input = shuffleBytes(input, task.shuffleBytes, scratch);
  }
  const { z, strategy } = deflateChunk(
    input,
    task.level,
    task.strategy,
    Math.max(1, task.shuffleBytes)
  );
  const back = task.buffer ? [task.buffer] : [];
  if (task.sink) {
    const at = append(task.sink, z);
    return {
      result: { input: task.buffer, strategy, size: z.length, at },
      transfer: back
    };
  }
  // Large outputs own their memory and are transferred as is; small pooled ones are copied.
  const own = z.byteOffset === 0 && z.buffer.byteLength === z.length;
  const out = own ? z : Uint8Array.prototype.slice.call(z);
  return {
    result: { buffer: out.buffer as ArrayBuffer, input: task.buffer, strategy },
    transfer: [out.buffer as ArrayBuffer, ...back]
  };
});
