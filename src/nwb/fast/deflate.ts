/**
 * What a deflate worker does to one chunk (see deflateWorker.ts): HDF5's filters outside
 * HDF5, i.e. an optional byte shuffle, then a zlib stream (what `compress2` makes). Pure and
 * synchronous, so it is tested on the main thread too.
 */
import { constants, deflateSync } from 'node:zlib';

import { joinStreams, storedPrefix, storedStream } from './storedPlanes';

/** Run-length deflate is kept if its output is at most this factor of the default's. */
export const RLE_SLACK = 1.1;

/**
 * How deflate looks for repeats: zlib's default (LZ77 matches up to 32 KiB back, the
 * `level` setting the effort), or run-length only (`Z_RLE`: repeats of the previous byte),
 * 3–10x faster on arrays whose bytes barely repeat, such as shuffled float64 spike times,
 * amplitudes and depths, at nearly the same size. Both make ordinary zlib streams that
 * every gzip (HDF5 deflate filter) reader inflates. `probe` compresses both ways and keeps
 * run-length when it is at most RLE_SLACK larger; the result says which was kept.
 */
export type DeflateStrategy = 'default' | 'rle' | 'probe';

// Byte k of an element is byte k of its little-endian words only on a little-endian host.
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * HDF5's shuffle filter: byte j of every element, then byte j+1 …; a tail shorter than an
 * element is kept as is. Writes into `out` (as long as `input`) and returns it.
 */
export function shuffleBytes(
  input: Uint8Array,
  itemBytes: number,
  out: Uint8Array
): Uint8Array {
  const n = Math.floor(input.length / itemBytes);
  if (itemBytes === 2 && input.byteOffset % 2 === 0) {
    // Common case (int16 ephys): one pass over 16-bit words.
    const words = new Uint16Array(input.buffer, input.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const w = words[i];
      out[i] = w & 0xff;
      out[n + i] = w >>> 8;
    }
  } else if (
    LITTLE_ENDIAN &&
    input.byteOffset % 4 === 0 &&
    (itemBytes === 4 || itemBytes === 8)
  ) {
    shuffleWords(input, itemBytes, n, out);
  } else {
    for (let j = 0; j < itemBytes; j++) {
      const base = j * n;
      for (let i = 0, k = j; i < n; i++, k += itemBytes) {
        out[base + i] = input[k];
      }
    }
  }
  out.set(input.subarray(n * itemBytes), n * itemBytes);
  return out;
}

/**
 * float32/int32 and float64/int64: whole 32-bit words, one pass (2-3x faster than one
 * strided pass per byte, which cost ~6 ms per MiB next to deflate's ~30).
 */
function shuffleWords(
  input: Uint8Array,
  itemBytes: number,
  n: number,
  out: Uint8Array
): void {
  const words = new Uint32Array(
    input.buffer,
    input.byteOffset,
    n * (itemBytes >>> 2)
  );
  if (n % 4 === 0 && out.byteOffset % 4 === 0) {
    transposeWords(words, itemBytes >>> 2, n, out);
    return;
  }
  const [n2, n3] = [2 * n, 3 * n];
  if (itemBytes === 4) {
    for (let i = 0; i < n; i++) {
      const w = words[i];
      out[i] = w;
      out[n + i] = w >>> 8;
      out[n2 + i] = w >>> 16;
      out[n3 + i] = w >>> 24;
    }
    return;
  }
  const [n4, n5, n6, n7] = [4 * n, 5 * n, 6 * n, 7 * n];
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    out[i] = lo;
    out[n + i] = lo >>> 8;
    out[n2 + i] = lo >>> 16;
    out[n3 + i] = lo >>> 24;
    out[n4 + i] = hi;
    out[n5 + i] = hi >>> 8;
    out[n6 + i] = hi >>> 16;
    out[n7 + i] = hi >>> 24;
  }
}

/**
 * The same shuffle four elements at a time, written as 32-bit words: byte k of words
 * a, b, c, d (one per element) becomes the word (a_k, b_k, c_k, d_k) of plane k, a 4x4
 * byte transpose in two rounds of masks and shifts. A quarter of the stores of the byte
 * loop: ~2.5x faster on the deflate workers, where the shuffle of float64 spike data cost
 * ~1 s of CPU per benchmark conversion. Needs `n` a multiple of 4 (so every plane starts
 * on a word) and `out` word-aligned; `stride` is 32-bit words per element (1 or 2).
 */
function transposeWords(
  words: Uint32Array,
  stride: number,
  n: number,
  out: Uint8Array
): void {
  const planes = new Uint32Array(out.buffer, out.byteOffset, n * stride);
  const q = n >>> 2;
  for (let half = 0; half < stride; half++) {
    // Planes 4*half … 4*half+3 come from word `half` of each element.
    const p0 = 4 * half * q;
    const [p1, p2, p3] = [p0 + q, p0 + 2 * q, p0 + 3 * q];
    for (let i = 0, w = half; i < q; i++, w += 4 * stride) {
      const a = words[w];
      const b = words[w + stride];
      const c = words[w + 2 * stride];
      const d = words[w + 3 * stride];
      // Round 1: bytes 0 and 2 of a, b interleaved; bytes 1 and 3 likewise (c, d too).
      const ab02 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8);
      const ab13 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00);
      const cd02 = (c & 0x00ff00ff) | ((d & 0x00ff00ff) << 8);
      const cd13 = ((c >>> 8) & 0x00ff00ff) | (d & 0xff00ff00);
      // Round 2: the 16-bit halves: (a_k, b_k) then (c_k, d_k).
      planes[p0 + i] = (ab02 & 0xffff) | (cd02 << 16);
      planes[p1 + i] = (ab13 & 0xffff) | (cd13 << 16);
      planes[p2 + i] = (ab02 >>> 16) | (cd02 & 0xffff0000);
      planes[p3 + i] = (ab13 >>> 16) | (cd13 & 0xffff0000);
    }
  }
}

/** A zlib stream in pieces to write one after the other, and its length in bytes. */
export interface IZlibStream {
  parts: Uint8Array[];
  length: number;
}

function whole(z: Buffer): IZlibStream {
  return { parts: [z], length: z.length };
}

/** The stream in one buffer (the pieces copied once if there are several). */
export function joined(stream: IZlibStream): Uint8Array {
  return stream.parts.length === 1
    ? stream.parts[0]
    : Buffer.concat(stream.parts, stream.length);
}

/**
 * Run-length deflate of a shuffled chunk of `planes` byte planes: the leading planes that
 * are noise go into stored blocks (storedPlanes.ts), the rest is deflated with `Z_RLE`.
 */
function deflateRuns(
  input: Uint8Array,
  level: number,
  planes: number
): IZlibStream {
  const rle = { level, strategy: constants.Z_RLE };
  const prefix = planes > 1 ? storedPrefix(input, planes) : 0;
  if (prefix === 0) {
    return whole(deflateSync(input, rle));
  }
  if (prefix === input.length) {
    return whole(storedStream(input));
  }
  const rest = input.subarray(prefix);
  const parts = joinStreams(
    storedStream(input.subarray(0, prefix)),
    deflateSync(rest, rle),
    rest.length
  );
  // Level 0 always makes stored blocks; should a zlib ever not, deflate it all instead.
  return parts
    ? { parts, length: parts.reduce((n, p) => n + p.length, 0) }
    : whole(deflateSync(input, rle));
}

/**
 * Bytes a `probe` compresses both ways before the chunk is compressed once, the way chosen.
 * A whole 1 MiB chunk deflated the default way costs ~24 ms on noisy float64 (pose, pupil);
 * with ~70 datasets per session the probes alone took ~1.5 s of deflate-thread CPU, most of
 * it thrown away. 128 KiB is four of zlib's 32 KiB windows: enough to see whether
 * matches pay (the ratio of a sample and of its chunk differ by a few %, against a 10 %
 * slack). Chunks up to twice this are still probed whole.
 */
export const PROBE_SAMPLE_BYTES = 128 * 1024;

/**
 * The probe's sample of a shuffled chunk: the shuffle of its first elements, which is the
 * first bytes of each of its `planes` byte planes, one after the other (whole input for
 * small chunks).
 */
export function probeSample(input: Uint8Array, planes: number): Uint8Array {
  if (input.length <= 2 * PROBE_SAMPLE_BYTES) {
    return input;
  }
  const n = Math.floor(input.length / planes);
  const m = Math.min(n, Math.ceil(PROBE_SAMPLE_BYTES / planes));
  const sample = new Uint8Array(m * planes);
  for (let p = 0; p < planes; p++) {
    sample.set(input.subarray(p * n, p * n + m), p * m);
  }
  return sample;
}

/**
 * Deflates `input` with `strategy`. `probe` compresses a sample of it (probeSample) both
 * ways, keeps run-length if its sample is at most RLE_SLACK larger than the default's,
 * then compresses the chunk that way. `planes`: the element size `input` was
 * byte-shuffled by (1: not shuffled).
 */
export function deflateChunk(
  input: Uint8Array,
  level: number,
  strategy: DeflateStrategy,
  planes = 1
): IZlibStream & { strategy: 'default' | 'rle' } {
  if (strategy === 'probe') {
    const sample = probeSample(input, planes);
    const full = deflateSync(sample, { level });
    const runs = deflateRuns(sample, level, planes);
    const rle = runs.length <= full.length * RLE_SLACK;
    if (sample === input) {
      return rle
        ? { ...runs, strategy: 'rle' }
        : { ...whole(full), strategy: 'default' };
    }
    strategy = rle ? 'rle' : 'default';
  }
  return strategy === 'rle'
    ? { ...deflateRuns(input, level, planes), strategy: 'rle' }
    : { ...whole(deflateSync(input, { level })), strategy: 'default' };
}

/**
 * Where workers append compressed chunks themselves: an open file and its end offset,
 * shared by the workers (an 8-byte BigInt64 in a SharedArrayBuffer, advanced atomically).
 */
export interface IChunkSink {
  fd: number;
  end: SharedArrayBuffer;
}

/** One chunk for a deflate worker: transferred bytes, or a range of shared memory. */
export interface IDeflateTask {
  buffer?: ArrayBuffer;
  shared?: SharedArrayBuffer;
  offset?: number;
  length?: number;
  /** Bytes of a whole chunk: a partial last chunk is padded with zeros (HDF5 stores them whole). */
  padTo: number;
  level: number;
  /** Element size to byte-shuffle by (0 or 1: no shuffle). */
  shuffleBytes: number;
  strategy: DeflateStrategy;
  sink?: IChunkSink;
}

export interface IDeflateResult {
  /** The zlib stream, unless it went to the sink. */
  buffer?: ArrayBuffer;
  /** The transferred input, handed back for reuse. */
  input?: ArrayBuffer;
  strategy: 'default' | 'rle';
  /** Where the stream went in the sink. */
  at?: number;
  size?: number;
}
