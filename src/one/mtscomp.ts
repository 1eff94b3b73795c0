/**
 * mtscomp (format 1.0): the `.ch` JSON header and the per-chunk decoder of a
 * `.cbin` file. Each chunk is an independent zlib stream of (optionally) time-
 * and channel-differenced samples; decoding undoes the spatial diff first, then
 * the time diff, with the sample type's wrap-around arithmetic, so the result is
 * bit-exact. Inflating is injected (`node:zlib` in Node, `DecompressionStream`
 * in the browser) so this module has no I/O.
 */
import {
  CorruptFileError,
  TruncatedFileError,
  UnsupportedDtypeError
} from './errors';
import { NUMBER_ARRAYS } from '../typedArrays';

export interface IMtscompHeader {
  version: string;
  algorithm: string;
  dtype: string;
  nChannels: number;
  sampleRate: number;
  chunkBounds: number[];
  chunkOffsets: number[];
  chunkOrder: 'C' | 'F';
  doTimeDiff: boolean;
  doSpatialDiff: boolean;
  nSamples: number;
  sha1Compressed?: string | null;
  sha1Uncompressed?: string | null;
}

export type SampleArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;
type SampleCtor = {
  new (n: number): SampleArray;
  new (b: ArrayBufferLike, o: number, n: number): SampleArray;
  BYTES_PER_ELEMENT: number;
};

const SAMPLE_TYPES: Record<string, SampleCtor> = NUMBER_ARRAYS;

/** One decoded chunk: rows `[start, stop)` in row-major order. */
export interface IMtscompChunk {
  index: number;
  start: number;
  stop: number;
  /** (stop − start) × nChannels samples, row-major. */
  data: SampleArray;
}

/** Inflate a zlib stream, refusing to produce more than `maxBytes`. */
export type Inflate = (
  compressed: Uint8Array,
  maxBytes: number
) => Promise<Uint8Array>;

function increasing(values: unknown): values is number[] {
  return (
    Array.isArray(values) &&
    values.length >= 2 &&
    values.every(
      (v, i) =>
        Number.isSafeInteger(v) && v >= 0 && (i === 0 || v >= values[i - 1])
    )
  );
}

/** Parse and validate a `.ch` header. */
export function parseMtscompHeader(text: string, path: string): IMtscompHeader {
  let ch: Record<string, unknown>;
  try {
    ch = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new CorruptFileError(
      path,
      `invalid .ch JSON (${(err as Error).message})`
    );
  }
  const bad = (what: string): never => {
    throw new CorruptFileError(path, `invalid mtscomp header: ${what}`);
  };
  if (ch === null || typeof ch !== 'object') {
    bad('not a JSON object');
  }
  if (ch.algorithm !== 'zlib') {
    bad(`algorithm ${JSON.stringify(ch.algorithm)} (only zlib exists)`);
  }
  const dtype = String(ch.dtype);
  if (!(dtype in SAMPLE_TYPES)) {
    throw new UnsupportedDtypeError(
      path,
      dtype,
      'mtscomp files from IBL hold int16 samples.'
    );
  }
  const nChannels = ch.n_channels;
  if (!Number.isSafeInteger(nChannels) || (nChannels as number) < 1) {
    bad('n_channels');
  }
  const bounds = ch.chunk_bounds;
  const offsets = ch.chunk_offsets;
  if (
    !increasing(bounds) ||
    bounds[0] !== 0 ||
    !increasing(offsets) ||
    offsets[0] !== 0
  ) {
    bad('chunk_bounds / chunk_offsets must be increasing lists starting at 0');
  }
  if ((bounds as number[]).length !== (offsets as number[]).length) {
    bad('chunk_bounds and chunk_offsets differ in length');
  }
  const order = ch.chunk_order ?? 'F';
  if (order !== 'C' && order !== 'F') {
    bad('chunk_order');
  }
  const shape = ch.shape as number[] | undefined;
  const nSamples = (bounds as number[])[(bounds as number[]).length - 1];
  if (shape && (shape[0] !== nSamples || shape[1] !== nChannels)) {
    bad('shape disagrees with chunk_bounds / n_channels');
  }
  return {
    version: String(ch.version ?? '1.0'),
    algorithm: 'zlib',
    dtype,
    nChannels: nChannels as number,
    sampleRate: Number(ch.sample_rate),
    chunkBounds: bounds as number[],
    chunkOffsets: offsets as number[],
    chunkOrder: order as 'C' | 'F',
    doTimeDiff: ch.do_time_diff !== false,
    doSpatialDiff: ch.do_spatial_diff === true,
    nSamples,
    sha1Compressed: ch.sha1_compressed as string | null | undefined,
    sha1Uncompressed: ch.sha1_uncompressed as string | null | undefined
  };
}

export function chunkCount(header: IMtscompHeader): number {
  return header.chunkBounds.length - 1;
}

/** Bytes of one decoded chunk. */
export function chunkByteLength(header: IMtscompHeader, index: number): number {
  const rows = header.chunkBounds[index + 1] - header.chunkBounds[index];
  return rows * header.nChannels * SAMPLE_TYPES[header.dtype].BYTES_PER_ELEMENT;
}

/** Index of the chunk holding sample `sample`. */
export function chunkOf(header: IMtscompHeader, sample: number): number {
  const b = header.chunkBounds;
  let lo = 0;
  let hi = b.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (b[mid] <= sample) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/** What decoding a chunk's inflated bytes needs from the header (small enough to send to a thread). */
export interface IMtscompLayout {
  dtype: string;
  nChannels: number;
  chunkOrder: 'C' | 'F';
  doTimeDiff: boolean;
  doSpatialDiff: boolean;
}

/** Samples per block of the F → C transpose: a block's rows stay in cache while it is filled. */
const TRANSPOSE_ROWS = 32;

/** Integer sample types: sums wrap like the type (an int32 running sum, cut on store). */
const INTEGER_DTYPES = new Set([
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32'
]);

/**
 * Undo a chunk's byte order and diffs: `rows` × nChannels inflated samples → row-major samples.
 * Diffs are undone spatial first, then time (the same operations in the same order as on the
 * row-major array, so floats round the same). An F-ordered chunk of integers is transposed in
 * blocks of rows with the time diff undone on the way (one read, one write per sample).
 * `inflated` may be overwritten: it is the caller's scratch, not kept.
 */
export function decodeRows(
  layout: IMtscompLayout,
  rows: number,
  inflated: Uint8Array
): SampleArray {
  const Ctor = SAMPLE_TYPES[layout.dtype];
  const c = layout.nChannels;
  const n = rows;
  const count = n * c;
  let src: SampleArray;
  if (inflated.byteOffset % Ctor.BYTES_PER_ELEMENT === 0) {
    src = new Ctor(inflated.buffer, inflated.byteOffset, count);
  } else {
    src = new Ctor(count);
    new Uint8Array(src.buffer, 0, src.byteLength).set(
      inflated.subarray(0, src.byteLength)
    );
  }
  if (layout.chunkOrder === 'C') {
    // The result must own its buffer (it is handed on, transferred between threads).
    const out =
      src.byteOffset === 0 && src.byteLength === src.buffer.byteLength
        ? src
        : src.slice();
    if (layout.doSpatialDiff) {
      for (let s = 0; s < n; s++) {
        const row = s * c;
        for (let ch = 1; ch < c; ch++) {
          out[row + ch] = out[row + ch] + out[row + ch - 1];
        }
      }
    }
    if (layout.doTimeDiff) {
      for (let i = c; i < count; i++) {
        out[i] = out[i] + out[i - c];
      }
    }
    return out;
  }
  // F order: channel `ch` is the contiguous run src[ch·n, (ch+1)·n).
  if (layout.doSpatialDiff) {
    for (let ch = 1; ch < c; ch++) {
      const at = ch * n;
      const prev = at - n;
      for (let s = 0; s < n; s++) {
        src[at + s] = src[at + s] + src[prev + s];
      }
    }
  }
  const out = new Ctor(count);
  if (layout.doTimeDiff && INTEGER_DTYPES.has(layout.dtype)) {
    // Each channel's running sum, carried from one block of rows to the next.
    const carry = new Int32Array(c);
    for (let s0 = 0; s0 < n; s0 += TRANSPOSE_ROWS) {
      const s1 = Math.min(n, s0 + TRANSPOSE_ROWS);
      for (let ch = 0; ch < c; ch++) {
        const base = ch * n;
        let acc = carry[ch];
        for (let s = s0; s < s1; s++) {
          acc = (acc + src[base + s]) | 0;
          out[s * c + ch] = acc;
        }
        carry[ch] = acc;
      }
    }
    return out;
  }
  if (layout.doTimeDiff) {
    for (let ch = 0; ch < c; ch++) {
      const at = ch * n;
      for (let s = 1; s < n; s++) {
        src[at + s] = src[at + s] + src[at + s - 1];
      }
    }
  }
  for (let s0 = 0; s0 < n; s0 += TRANSPOSE_ROWS) {
    const s1 = Math.min(n, s0 + TRANSPOSE_ROWS);
    for (let ch = 0; ch < c; ch++) {
      const base = ch * n;
      for (let s = s0; s < s1; s++) {
        out[s * c + ch] = src[base + s];
      }
    }
  }
  return out;
}

/** Undo the chunk's byte order and diffs: inflated bytes → row-major samples. */
export function decodeChunkSamples(
  header: IMtscompHeader,
  index: number,
  inflated: Uint8Array,
  path: string
): IMtscompChunk {
  const start = header.chunkBounds[index];
  const stop = header.chunkBounds[index + 1];
  const expected = chunkByteLength(header, index);
  if (inflated.length !== expected) {
    throw new CorruptFileError(
      path,
      `chunk ${index} inflates to ${inflated.length} bytes instead of ${expected}`
    );
  }
  return {
    index,
    start,
    stop,
    data: decodeRows(header, stop - start, inflated)
  };
}

/** Fetch compressed bytes `[offset, offset + length)` of the `.cbin`. */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * Decode chunks one at a time, from the chunk holding `fromSample` to the one
 * holding `toSample − 1`: memory stays at one chunk whatever the file size.
 */
export async function* decodeChunks(
  header: IMtscompHeader,
  read: ReadRange,
  inflate: Inflate,
  path: string,
  fromSample = 0,
  toSample = header.nSamples
): AsyncGenerator<IMtscompChunk> {
  if (fromSample < 0 || toSample > header.nSamples || fromSample >= toSample) {
    return;
  }
  const first = chunkOf(header, fromSample);
  const last = chunkOf(header, toSample - 1);
  for (let k = first; k <= last; k++) {
    const offset = header.chunkOffsets[k];
    const length = header.chunkOffsets[k + 1] - offset;
    const compressed = await read(offset, length);
    if (compressed.length !== length) {
      throw new TruncatedFileError(
        path,
        header.chunkOffsets[k + 1],
        offset + compressed.length
      );
    }
    let inflated: Uint8Array;
    try {
      inflated = await inflate(compressed, chunkByteLength(header, k));
    } catch (err) {
      throw new CorruptFileError(
        path,
        `chunk ${k} is not a valid zlib stream (${(err as Error).message})`
      );
    }
    yield decodeChunkSamples(header, k, inflated, path);
  }
}

/** Browser/Node inflate via the standard `DecompressionStream('deflate')` (zlib format). */
export const inflateWithStreams: Inflate = async (compressed, maxBytes) => {
  const stream = new Blob([compressed as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`inflated data exceeds the expected ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
