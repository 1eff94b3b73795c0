/**
 * Deflate worker thread (see deflate-pool.ts): compresses one chunk per task and, with a
 * sink, appends it to the chunk file itself, off the main thread. Bundled next to the CLI
 * as `deflate-worker.mjs` (scripts/build-cli.mjs).
 */
import { writevSync } from 'node:fs';

import { serveTasks } from '../../node/workerTasks';
import {
  deflateChunk,
  IChunkSink,
  IDeflateResult,
  IDeflateTask,
  IZlibStream,
  joined,
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

/**
 * Reserves a range at the sink's end and writes the stream's pieces there (one writev);
 * throws the write's errno error.
 */
function append(sink: IChunkSink, z: IZlibStream): number {
  const at = Number(
    Atomics.add(new BigInt64Array(sink.end), 0, BigInt(z.length))
  );
  let parts = z.parts;
  for (let done = 0; done < z.length;) {
    let wrote = writevSync(sink.fd, parts, at + done);
    done += wrote;
    // A short write: go on from the first byte not written.
    while (parts.length > 0 && wrote >= parts[0].length) {
      wrote -= parts[0].length;
      parts = parts.slice(1);
    }
    if (wrote > 0) {
      parts = [parts[0].subarray(wrote), ...parts.slice(1)];
    }
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
  const stream = deflateChunk(
    input,
    task.level,
    task.strategy,
    Math.max(1, task.shuffleBytes)
  );
  const { strategy } = stream;
  const back = task.buffer ? [task.buffer] : [];
  if (task.sink) {
    const at = append(task.sink, stream);
    return {
      result: { input: task.buffer, strategy, size: stream.length, at },
      transfer: back
    };
  }
  const z = joined(stream);
  // Large outputs own their memory and are transferred as is; small pooled ones are copied.
  const own = z.byteOffset === 0 && z.buffer.byteLength === z.length;
  const out = own ? z : Uint8Array.prototype.slice.call(z);
  return {
    result: { buffer: out.buffer as ArrayBuffer, input: task.buffer, strategy },
    transfer: [out.buffer as ArrayBuffer, ...back]
  };
});
