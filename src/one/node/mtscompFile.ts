/**
 * Node access to mtscomp `.cbin` files: chunks read at their offsets with a
 * file handle and inflated with `node:zlib`, one chunk in memory at a time.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflate as zlibInflate } from 'node:zlib';

import { InvalidQueryError, TruncatedFileError } from '../errors';
import {
  decodeChunks,
  IMtscompChunk,
  IMtscompHeader,
  Inflate,
  parseMtscompHeader
} from '../mtscomp';

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

  /** Decoded chunks covering samples `[fromSample, toSample)`, streamed. */
  chunks(
    fromSample = 0,
    toSample = this.header.nSamples
  ): AsyncGenerator<IMtscompChunk> {
    const read = async (offset: number, length: number) => {
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
    };
    return decodeChunks(
      this.header,
      read,
      inflateNode,
      this.path,
      fromSample,
      toSample
    );
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
