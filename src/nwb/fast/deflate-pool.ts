/**
 * Compresses chunks on worker threads with node:zlib, so deflate (the bottleneck of every
 * gzip HDF5 writer) runs on all cores. Buffers are transferred, never cloned.
 * Output = HDF5's filters: optional byte shuffle, then a zlib stream (what `compress2` makes).
 */
import { Worker } from 'node:worker_threads';

/** Run-length deflate is kept if its output is at most this factor of the default's. */
export const RLE_SLACK = 1.1;

// Plain JS run with `eval`, so the worker needs no separate file in bundles or under tsx.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
const fs = require('node:fs');
let scratch = new Uint8Array(0);
// Byte k of an element is byte k of its little-endian words only on a little-endian host.
const LE = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
function shuffle(input, itemBytes) {
  const n = Math.floor(input.length / itemBytes);
  // One scratch buffer per worker: deflateSync consumes it before the next chunk arrives.
  if (scratch.length !== input.length) scratch = new Uint8Array(input.length);
  const out = scratch;
  if (itemBytes === 2 && input.byteOffset % 2 === 0) {
    // Common case (int16 ephys): one pass over 16-bit words.
    const words = new Uint16Array(input.buffer, input.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const w = words[i];
      out[i] = w & 0xff;
      out[n + i] = w >>> 8;
    }
  } else if (LE && input.byteOffset % 4 === 0 && (itemBytes === 4 || itemBytes === 8)) {
    // float32/int32 and float64/int64: whole 32-bit words, one pass (2-3x faster than
    // one strided pass per byte, which cost ~6 ms per MiB next to deflate's ~30).
    const words = new Uint32Array(input.buffer, input.byteOffset, n * (itemBytes >>> 2));
    if (itemBytes === 4) {
      const n2 = 2 * n, n3 = 3 * n;
      for (let i = 0; i < n; i++) {
        const w = words[i];
        out[i] = w; out[n + i] = w >>> 8; out[n2 + i] = w >>> 16; out[n3 + i] = w >>> 24;
      }
    } else {
      const n2 = 2 * n, n3 = 3 * n, n4 = 4 * n, n5 = 5 * n, n6 = 6 * n, n7 = 7 * n;
      for (let i = 0; i < n; i++) {
        const lo = words[2 * i], hi = words[2 * i + 1];
        out[i] = lo; out[n + i] = lo >>> 8; out[n2 + i] = lo >>> 16; out[n3 + i] = lo >>> 24;
        out[n4 + i] = hi; out[n5 + i] = hi >>> 8; out[n6 + i] = hi >>> 16; out[n7 + i] = hi >>> 24;
      }
    }
  } else {
    for (let j = 0; j < itemBytes; j++) {
      const base = j * n;
      for (let i = 0, k = j; i < n; i++, k += itemBytes) out[base + i] = input[k];
    }
  }
  out.set(input.subarray(n * itemBytes), n * itemBytes);
  return out;
}
const RLE = zlib.constants.Z_RLE;
let padded = new Uint8Array(0);
parentPort.on('message', ({ id, buffer, shared, offset, length, padTo, level, shuffleBytes, strategy, sink }) => {
  // A chunk of shared memory is read in place (and not handed back); others were transferred.
  let input = shared ? new Uint8Array(shared, offset, length) : new Uint8Array(buffer);
  if (padTo > input.length) {
    // A partial last chunk, stored whole with zeros after the data as HDF5 does.
    if (padded.length !== padTo) padded = new Uint8Array(padTo);
    padded.set(input);
    padded.fill(0, input.length);
    input = padded;
  }
  if (shuffleBytes > 1) input = shuffle(input, shuffleBytes);
  let z;
  let chosen = strategy;
  if (strategy === 'probe') {
    // Both ways; run-length matching only when it stays within RLE_SLACK of the size.
    const full = zlib.deflateSync(input, { level });
    const rle = zlib.deflateSync(input, { level, strategy: RLE });
    chosen = rle.length <= full.length * ${RLE_SLACK} ? 'rle' : 'default';
    z = chosen === 'rle' ? rle : full;
  } else {
    z = zlib.deflateSync(input, strategy === 'rle' ? { level, strategy: RLE } : { level });
  }
  if (sink) {
    // Appended to the side file here, off the main thread: reserve a range, then write it.
    const at = Number(Atomics.add(new BigInt64Array(sink.end), 0, BigInt(z.length)));
    for (let done = 0; done < z.length; ) {
      done += fs.writeSync(sink.fd, z, done, z.length - done, at + done);
    }
    parentPort.postMessage({ id, input: buffer, strategy: chosen, size: z.length, at }, buffer ? [buffer] : []);
    return;
  }
  // Large outputs own their memory and are transferred as is; small pooled ones are copied.
  const own = z.byteOffset === 0 && z.buffer.byteLength === z.length;
  const out = own ? z : Uint8Array.prototype.slice.call(z);
  // The input goes back too, so the caller can refill it instead of allocating.
  parentPort.postMessage({ id, buffer: out.buffer, input: buffer, strategy: chosen }, buffer ? [out.buffer, buffer] : [out.buffer]);
});
`;

/**
 * How deflate looks for repeats: zlib's default (LZ77 matches up to 32 KiB back, the
 * `level` setting the effort), or run-length only (`Z_RLE`: repeats of the previous byte),
 * 3–10x faster on arrays whose bytes barely repeat, such as shuffled float64 spike times,
 * amplitudes and depths, at nearly the same size. Both make ordinary zlib streams that
 * every gzip (HDF5 deflate filter) reader inflates. `probe` compresses both ways and keeps
 * run-length when it is at most RLE_SLACK larger; the result says which was kept.
 */
export type DeflateStrategy = 'default' | 'rle' | 'probe';

/**
 * Where workers append compressed chunks themselves: an open file and its end offset,
 * shared by the workers (an 8-byte BigInt64 in a SharedArrayBuffer, advanced atomically).
 */
export interface IChunkSink {
  fd: number;
  end: SharedArrayBuffer;
}

/** A sink on `fd`; `end` may be shared with other sinks on the same file. */
export function chunkSink(
  fd: number,
  end: SharedArrayBuffer = new SharedArrayBuffer(8)
): IChunkSink {
  return { fd, end };
}

export interface ICompressed {
  /** The zlib stream (empty when it went to a sink). */
  out: Uint8Array;
  /** Where it went in the sink, when compressed with one. */
  written?: { at: number; size: number };
  /** The (detached, then returned) input buffer, free for reuse; none for shared memory. */
  input?: ArrayBuffer;
  /** The strategy used (for `probe`: the one kept). */
  strategy: 'default' | 'rle';
}

/** Bytes of a SharedArrayBuffer that workers read in place (no copy, no transfer). */
export interface ISharedChunk {
  shared: SharedArrayBuffer;
  offset: number;
  length: number;
}

interface ITask {
  id: number;
  buffer?: ArrayBuffer;
  shared?: ISharedChunk;
  padTo: number;
  level: number;
  shuffleBytes: number;
  strategy: DeflateStrategy;
  sink?: IChunkSink;
  resolve: (result: ICompressed) => void;
  reject: (err: Error) => void;
}

interface IReply {
  id: number;
  buffer?: ArrayBuffer;
  input?: ArrayBuffer;
  strategy: 'default' | 'rle';
  at?: number;
  size?: number;
}

export class DeflatePool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: ITask[] = [];
  private readonly running = new Map<number, ITask>();
  private nextId = 0;
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (reply: IReply) => {
        const { id, buffer, input, strategy, at, size } = reply;
        const task = this.running.get(id);
        this.running.delete(id);
        this.idle.push(worker);
        task?.resolve({
          out: buffer ? new Uint8Array(buffer) : new Uint8Array(0),
          input,
          strategy,
          ...(at !== undefined && size !== undefined
            ? { written: { at, size } }
            : {})
        });
        this.pump();
      });
      worker.on('error', err => {
        // A dead worker fails everything still pending, so no caller waits forever.
        for (const task of [...this.running.values(), ...this.queue]) {
          task.reject(err);
        }
        this.running.clear();
        this.queue.length = 0;
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /**
   * Compresses `chunk` at gzip `level`, byte-shuffled first when `shuffleBytes` (the element
   * size) is > 1. Its buffer is transferred to a worker and handed back in the result.
   * With a `sink`, the worker appends the stream to it and reports where (`written`).
   * A chunk in shared memory (`ISharedChunk`) is read in place and must not change until
   * the promise settles; `padTo` (bytes) pads a partial last chunk with zeros. An `urgent`
   * chunk goes before the queued ones (a strategy probe that a dataset's chunks wait for).
   */
  compress(
    chunk: Uint8Array | ISharedChunk,
    level: number,
    shuffleBytes: number,
    strategy: DeflateStrategy = 'default',
    sink?: IChunkSink,
    padTo = 0,
    urgent = false
  ): Promise<ICompressed> {
    if (this.closed) {
      // A chunk that waited for its dataset's strategy after an abort.
      return Promise.reject(new Error('the deflate pool was closed'));
    }
    let buffer: ArrayBuffer | undefined;
    let shared: ISharedChunk | undefined;
    if (!ArrayBuffer.isView(chunk)) {
      shared = chunk;
    } else {
      buffer =
        chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength
          ? (chunk.buffer as ArrayBuffer)
          : chunk.slice().buffer;
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.queue[urgent ? 'unshift' : 'push']({
        id,
        buffer,
        shared,
        padTo,
        level,
        shuffleBytes,
        strategy,
        sink,
        resolve,
        reject
      });
      this.pump();
    });
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.queue.length + this.running.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Nothing still queued or running waits forever (e.g. after an abort).
    const stopped = new Error('the deflate pool was closed');
    for (const task of [...this.running.values(), ...this.queue]) {
      task.reject(stopped);
    }
    this.running.clear();
    this.queue.length = 0;
    await Promise.all(this.workers.map(w => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(task.id, task);
      worker.postMessage(
        {
          id: task.id,
          buffer: task.buffer,
          shared: task.shared?.shared,
          offset: task.shared?.offset,
          length: task.shared?.length,
          padTo: task.padTo,
          level: task.level,
          shuffleBytes: task.shuffleBytes,
          strategy: task.strategy,
          sink: task.sink
        },
        task.buffer ? [task.buffer] : []
      );
    }
  }
}
