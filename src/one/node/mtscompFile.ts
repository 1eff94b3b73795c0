/**
 * Node access to mtscomp `.cbin` files: chunks read at their offsets with a file handle
 * and decoded (inflate, diffs, transpose) on worker threads, a few chunks ahead of the
 * caller so reading, decoding and what the caller does with each chunk overlap, with a
 * fixed number of chunks in memory whatever the file size.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflate as zlibInflate } from 'node:zlib';

import { InvalidQueryError, TruncatedFileError } from '../errors';
import {
  chunkByteLength,
  chunkOf,
  decodeChunks,
  IMtscompChunk,
  IMtscompHeader,
  Inflate,
  parseMtscompHeader
} from '../mtscomp';
import { NUMBER_ARRAYS } from '../../typedArrays';
import type { ISegmentDigest } from '../../convert/fidelity/digest';
import { pickAndDigest } from './mtscompDecode';
import { MtscompDecoders, sharedDecoders } from './mtscompPool';

const inflateAsync = promisify(zlibInflate);

/** zlib inflate that refuses to grow past the chunk's announced size (no zip bombs). */
export const inflateNode: Inflate = async (compressed, maxBytes) => {
  const out = await inflateAsync(compressed, {
    maxOutputLength: Math.max(1, maxBytes)
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** The `.ch` file next to a `.cbin` (same name, `.ch` extension). */
export function chPathOf(cbinPath: string): string {
  return cbinPath.replace(/\.cbin$/, '.ch');
}

export interface IChunkOptions {
  /**
   * Where chunks are decoded: worker threads (default: the process's shared decoders), or
   * `null` for this thread, one chunk at a time (no threads to start for a tiny read).
   */
  decoders?: MtscompDecoders | null;
  /** Chunks read and decoded ahead of the one the caller holds (default: 2 per decode thread). */
  readAhead?: number;
  /**
   * Only these channels, in this order: each chunk's `data` is rows × `pick.length`, and
   * its `digest` the fidelity digest of those samples (picked and digested where decoded).
   */
  pick?: number[];
}

/** A decoded chunk; with `pick`, its picked samples and their digest segment. */
export interface ICbinChunk extends IMtscompChunk {
  digest?: ISegmentDigest;
}

/** `pick` on this thread, for decoders on this thread (small reads, tests). */
async function* pickedHere(
  chunks: AsyncGenerator<IMtscompChunk>,
  nChannels: number,
  pick: number[]
): AsyncGenerator<ICbinChunk> {
  for await (const chunk of chunks) {
    yield { ...chunk, ...pickAndDigest(chunk.data, nChannels, pick) };
  }
}

export class CbinFile {
  private constructor(
    readonly path: string,
    readonly header: IMtscompHeader,
    private readonly handle: FileHandle
  ) {}

  /** Open a `.cbin` with its `.ch` header; checks the file holds every chunk. */
  static async open(
    cbinPath: string,
    chPath = chPathOf(cbinPath)
  ): Promise<CbinFile> {
    const header = parseMtscompHeader(await readFile(chPath, 'utf8'), chPath);
    const handle = await open(cbinPath, 'r');
    const { size } = await handle.stat();
    const needed = header.chunkOffsets[header.chunkOffsets.length - 1];
    if (size < needed) {
      await handle.close();
      throw new TruncatedFileError(cbinPath, needed, size);
    }
    return new CbinFile(cbinPath, header, handle);
  }

  /**
   * Decoded chunks covering samples `[fromSample, toSample)`, streamed in order. With
   * decode threads, up to `readAhead` chunks are read and decoded while the caller works on
   * the one it was given. A damaged chunk or a decode thread that died ends the stream with
   * that error (at the chunk's turn); chunks still in flight are waited for, never left
   * running or rejecting unobserved.
   */
  chunks(
    fromSample = 0,
    toSample = this.header.nSamples,
    options: IChunkOptions = {}
  ): AsyncGenerator<ICbinChunk> {
    const decoders =
      options.decoders === undefined ? sharedDecoders() : options.decoders;
    if (decoders === null) {
      const chunks = decodeChunks(
        this.header,
        (offset, length) => this.read(offset, length),
        inflateNode,
        this.path,
        fromSample,
        toSample
      );
      return options.pick
        ? pickedHere(chunks, this.header.nChannels, options.pick)
        : chunks;
    }
    return this.decodedAhead(
      fromSample,
      toSample,
      decoders,
      Math.max(1, options.readAhead ?? 2 * decoders.size),
      options.pick
    );
  }

  private async *decodedAhead(
    fromSample: number,
    toSample: number,
    decoders: MtscompDecoders,
    depth: number,
    pick: number[] | undefined
  ): AsyncGenerator<ICbinChunk> {
    const h = this.header;
    if (fromSample < 0 || toSample > h.nSamples || fromSample >= toSample) {
      return;
    }
    let next = chunkOf(h, fromSample);
    const last = chunkOf(h, toSample - 1);
    const inFlight: Promise<ICbinChunk>[] = [];
    const launch = () => {
      const pending = this.decodeOne(next++, decoders, pick);
      // Observed now; its error is thrown when its turn comes (or dropped if the caller left).
      pending.catch(() => undefined);
      inFlight.push(pending);
    };
    try {
      while (next <= last && inFlight.length < depth) {
        launch();
      }
      while (inFlight.length > 0) {
        const chunk = await inFlight.shift()!;
        if (next <= last) {
          launch();
        }
        yield chunk;
      }
    } finally {
      // The caller stopped early or a chunk failed: the reads and threads finish with the
      // file before it may be closed.
      await Promise.allSettled(inFlight);
    }
  }

  private async decodeOne(
    index: number,
    decoders: MtscompDecoders,
    pick: number[] | undefined
  ): Promise<ICbinChunk> {
    const h = this.header;
    const offset = h.chunkOffsets[index];
    const length = h.chunkOffsets[index + 1] - offset;
    const compressed = await this.read(offset, length);
    if (compressed.length !== length) {
      throw new TruncatedFileError(
        this.path,
        h.chunkOffsets[index + 1],
        offset + compressed.length
      );
    }
    const start = h.chunkBounds[index];
    const stop = h.chunkBounds[index + 1];
    const { samples, digest } = await decoders.decode({
      path: this.path,
      layout: {
        dtype: h.dtype,
        nChannels: h.nChannels,
        chunkOrder: h.chunkOrder,
        doTimeDiff: h.doTimeDiff,
        doSpatialDiff: h.doSpatialDiff
      },
      index,
      rows: stop - start,
      bytes: chunkByteLength(h, index),
      compressed: compressed.buffer as ArrayBuffer,
      ...(pick ? { pick } : {})
    });
    const Ctor = NUMBER_ARRAYS[h.dtype as keyof typeof NUMBER_ARRAYS];
    return { index, start, stop, data: new Ctor(samples), digest };
  }

  /** Bytes `[offset, offset + length)` of the file, in a buffer of their own (fewer at its end). */
  private async read(offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(
        bytes,
        done,
        length - done,
        offset + done
      );
      if (bytesRead === 0) {
        return bytes.subarray(0, done);
      }
      done += bytesRead;
    }
    return bytes;
  }

  /** Samples `[from, to)` × all channels, row-major (only the chunks needed are read). */
  async readSamples(from: number, to: number): Promise<IMtscompChunk['data']> {
    if (!(0 <= from && from <= to && to <= this.header.nSamples)) {
      throw new InvalidQueryError(
        this.path,
        `samples [${from}, ${to}) are outside the recording's ${this.header.nSamples} samples`,
        'Ask for samples between 0 and the number of samples.'
      );
    }
    const c = this.header.nChannels;
    let out: IMtscompChunk['data'] | undefined;
    for await (const chunk of this.chunks(from, to)) {
      const Ctor = chunk.data.constructor as new (
        n: number
      ) => IMtscompChunk['data'];
      out ??= new Ctor((to - from) * c);
      const lo = Math.max(from, chunk.start);
      const hi = Math.min(to, chunk.stop);
      out.set(
        chunk.data.subarray((lo - chunk.start) * c, (hi - chunk.start) * c),
        (lo - from) * c
      );
    }
    return out ?? new Int16Array(0);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
