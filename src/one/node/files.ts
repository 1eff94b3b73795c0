/**
 * Node-only file access for the ALF readers: whole files, and `.npy` arrays or
 * row slices read at offsets without loading the rest of the file. The pure
 * parsers never import this module, so they stay usable in the browser.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

import { InvalidQueryError, TruncatedFileError } from '../errors';
import {
  decodeNpyRows,
  INdArray,
  INpyLayout,
  npyHeaderLength,
  npyLayout,
  NPY_PREAMBLE_BYTES,
  npyRowRanges
} from '../npy';

/** Read a whole file as bytes. */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Read exactly `length` bytes at `offset` into `target` (at `targetOffset`). */
async function readExactly(
  handle: FileHandle,
  path: string,
  target: Uint8Array,
  targetOffset: number,
  length: number,
  offset: number
): Promise<void> {
  let done = 0;
  while (done < length) {
    // Node reads at most 2 GiB per call.
    const chunk = Math.min(length - done, 1 << 30);
    const { bytesRead } = await handle.read(
      target,
      targetOffset + done,
      chunk,
      offset + done
    );
    if (bytesRead === 0) {
      throw new TruncatedFileError(path, offset + length, offset + done);
    }
    done += bytesRead;
  }
}

/** Pieces of large reads, and how many are in flight (libuv's default thread pool is 4). */
const PIECE_BYTES = 16 << 20;
const PIECES_IN_FLIGHT = 4;

/**
 * Like `readExactly`, but a large read is split into pieces read
 * concurrently: one read() copies from the page cache on one thread, so
 * several in flight copy several times faster.
 */
async function readConcurrently(
  handle: FileHandle,
  path: string,
  target: Uint8Array,
  targetOffset: number,
  length: number,
  offset: number
): Promise<void> {
  if (length <= PIECE_BYTES) {
    return readExactly(handle, path, target, targetOffset, length, offset);
  }
  let next = 0;
  const worker = async () => {
    while (next < length) {
      const at = next;
      const piece = Math.min(PIECE_BYTES, length - at);
      next += piece;
      await readExactly(
        handle,
        path,
        target,
        targetOffset + at,
        piece,
        offset + at
      );
    }
  };
  await Promise.all(Array.from({ length: PIECES_IN_FLIGHT }, worker));
}

/** An open `.npy` file: the header is parsed, data is read on demand. */
export class NpyFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly layout: INpyLayout
  ) {}

  /** Open and validate the header against the file size before any data is read. */
  static async open(path: string): Promise<NpyFile> {
    const handle = await open(path, 'r');
    try {
      const { size: fileSize } = await handle.stat();
      const preamble = new Uint8Array(Math.min(NPY_PREAMBLE_BYTES, fileSize));
      await readExactly(handle, path, preamble, 0, preamble.length, 0);
      const headerLength = npyHeaderLength(preamble, path);
      if (headerLength > fileSize) {
        throw new TruncatedFileError(path, headerLength, fileSize);
      }
      const headerBytes = new Uint8Array(headerLength);
      await readExactly(handle, path, headerBytes, 0, headerLength, 0);
      const layout = npyLayout(headerBytes, path);
      const needed = layout.header.dataOffset + layout.dataBytes;
      if (needed > fileSize) {
        throw new TruncatedFileError(path, needed, fileSize);
      }
      return new NpyFile(path, handle, layout);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Number of rows (first axis); 1 for a 0-d array. */
  get rows(): number {
    return this.layout.header.shape[0] ?? 1;
  }

  /** Read rows `[start, stop)` only. */
  async readRows(start: number, stop: number): Promise<INdArray> {
    const rows = this.layout.header.shape[0];
    if (rows === undefined || !(0 <= start && start <= stop && stop <= rows)) {
      throw new InvalidQueryError(
        this.path,
        `rows [${start}, ${stop}) are outside the array's ${rows ?? 0} rows`,
        'Ask for rows between 0 and the number of rows.'
      );
    }
    const ranges = npyRowRanges(this.layout, start, stop);
    const total = ranges.reduce((a, r) => a + r.length, 0);
    // An unpooled buffer of exactly the slice: offset 0, so aligned for a zero-copy
    // typed view, and not zero-filled since the read overwrites every byte.
    const bytes = new Uint8Array(
      Buffer.allocUnsafeSlow(total).buffer,
      0,
      total
    );
    let at = 0;
    for (const r of ranges) {
      await readConcurrently(
        this.handle,
        this.path,
        bytes,
        at,
        r.length,
        r.offset
      );
      at += r.length;
    }
    return decodeNpyRows(this.layout, start, stop, bytes);
  }

  /** Read the whole array. */
  async readAll(): Promise<INdArray> {
    const { header } = this.layout;
    if (header.shape.length === 0) {
      const bytes = new Uint8Array(new ArrayBuffer(this.layout.dataBytes));
      await readExactly(
        this.handle,
        this.path,
        bytes,
        0,
        bytes.length,
        header.dataOffset
      );
      return { ...decodeNpyRows(this.layout, 0, 1, bytes), shape: [] };
    }
    return this.readRows(0, this.rows);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Read a whole `.npy` file with one allocation the size of the array. */
export async function readNpy(path: string): Promise<INdArray> {
  const file = await NpyFile.open(path);
  try {
    return await file.readAll();
  } finally {
    await file.close();
  }
}

/** Read rows `[start, stop)` of a `.npy` file. */
export async function readNpyRows(
  path: string,
  start: number,
  stop: number
): Promise<INdArray> {
  const file = await NpyFile.open(path);
  try {
    return await file.readRows(start, stop);
  } finally {
    await file.close();
  }
}
