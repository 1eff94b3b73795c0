/**
 * Dataset files read only once they are known to be the files the cache
 * describes: the size always (one stat), the md5 where the cache records one.
 * The md5 is computed on the bytes as they are read for parsing, never by a
 * second read, and a file already verified in this process (same path, size,
 * mtime, ctime and inode) is not hashed again.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';

import { FileIntegrityError, TruncatedFileError } from '../errors';
import { decodeNpy, type INdArray } from '../npy';
import { readParquet } from '../parquet';
import { readTable, type ITable } from '../tables';
import { readNpy } from './files';
import { readTableFile } from './fileContent';

/** What the cache table says of a file: `file_size` and `hash` (md5 hex), when recorded. */
export interface IExpectedFile {
  size: number | null;
  md5: string | null;
}

export interface IVerifyOptions {
  /** Compare the md5 where the cache records one (default true); the size is always compared. */
  md5?: boolean;
}

/** md5 of files verified in this process, by path and what changes when a file is written. */
const verified = new Map<string, string>();

function identity(path: string, s: Stats): string {
  return `${path}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}`;
}

/** Record a file whose md5 was checked elsewhere (e.g. by the download that wrote it). */
export async function rememberVerified(
  path: string,
  md5: string
): Promise<void> {
  verified.set(identity(path, await stat(path)), md5.toLowerCase());
}

/** Forget what was verified (tests). */
export function forgetVerified(): void {
  verified.clear();
}

/**
 * Compare the size; say whether the md5 still has to be computed (recorded,
 * asked for, and not already verified for this very file).
 */
function checkSize(
  path: string,
  s: Stats,
  expected: IExpectedFile,
  options: IVerifyOptions
): boolean {
  if (expected.size !== null && s.size !== expected.size) {
    throw new FileIntegrityError(path, 'size', expected.size, s.size);
  }
  const md5 = expected.md5?.toLowerCase();
  if (!md5 || options.md5 === false) {
    return false;
  }
  return verified.get(identity(path, s)) !== md5;
}

function checkMd5(
  path: string,
  s: Stats,
  expected: IExpectedFile,
  actual: string
): void {
  const md5 = expected.md5!.toLowerCase();
  if (actual !== md5) {
    throw new FileIntegrityError(path, 'md5', md5, actual);
  }
  verified.set(identity(path, s), md5);
}

/** Pieces of a whole-file read, and how many are read ahead of the one being hashed. */
const PIECE_BYTES = 8 << 20;
const READ_AHEAD = 4;

/**
 * The whole file in one buffer, hashed piece by piece in file order while the
 * next pieces are being read (the thread pool reads, this thread hashes).
 */
async function readHashing(
  handle: FileHandle,
  path: string,
  size: number
): Promise<{ bytes: Uint8Array; md5: string }> {
  // Unpooled, offset 0: typed views over the data need no copy (npy data are aligned).
  const bytes = new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
  const hash = createHash('md5');
  const readPiece = async (at: number) => {
    const length = Math.min(PIECE_BYTES, size - at);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(
        bytes,
        at + done,
        length - done,
        at + done
      );
      if (bytesRead === 0) {
        throw new TruncatedFileError(path, size, at + done);
      }
      done += bytesRead;
    }
    return { at, length };
  };
  const pending: Promise<{ at: number; length: number }>[] = [];
  let next = 0;
  while (next < size || pending.length > 0) {
    while (next < size && pending.length < READ_AHEAD) {
      pending.push(readPiece(next));
      next += Math.min(PIECE_BYTES, size - next);
    }
    const { at, length } = await pending.shift()!;
    hash.update(bytes.subarray(at, at + length));
  }
  return { bytes, md5: hash.digest('hex') };
}

/**
 * A file's bytes, verified. With `parse`, the bytes are only parsed once
 * verified; without an md5 to compute, `fallback` reads the file its usual
 * (faster, partial) way after the size check.
 */
async function verifiedRead<T>(
  path: string,
  expected: IExpectedFile,
  options: IVerifyOptions,
  parse: (bytes: Uint8Array) => T | Promise<T>,
  fallback?: () => Promise<T>
): Promise<T> {
  const handle = await open(path, 'r');
  let hashed: { bytes: Uint8Array; md5: string };
  let s: Stats;
  let needsMd5: boolean;
  try {
    s = await handle.stat();
    needsMd5 = checkSize(path, s, expected, options);
    if (!needsMd5 && fallback) {
      await handle.close();
      return await fallback();
    }
    hashed = await readHashing(handle, path, s.size);
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (needsMd5) {
    checkMd5(path, s, expected, hashed.md5);
  }
  return parse(hashed.bytes);
}

/** The whole file's bytes, verified. */
export function readVerifiedBytes(
  path: string,
  expected: IExpectedFile,
  options: IVerifyOptions = {}
): Promise<Uint8Array> {
  return verifiedRead(path, expected, options, bytes => bytes);
}

/** A `.npy` array, verified before it is decoded. */
export function readVerifiedNpy(
  path: string,
  expected: IExpectedFile,
  options: IVerifyOptions = {}
): Promise<INdArray> {
  return verifiedRead(
    path,
    expected,
    options,
    bytes => decodeNpy(bytes, path),
    () => readNpy(path)
  );
}

function isParquet(path: string): boolean {
  return /\.(pqt|parquet)$/i.test(path);
}

/** A table (`.pqt`, `.csv`, …), verified before it is decoded. */
export function readVerifiedTable(
  path: string,
  expected: IExpectedFile,
  options: IVerifyOptions = {}
): Promise<ITable> {
  return verifiedRead(
    path,
    expected,
    options,
    bytes =>
      isParquet(path) ? readParquet(bytes, path) : readTable(path, bytes),
    // One thread: during a conversion the deflate workers already use every core.
    () => readTableFile(path, { split: 'never' })
  );
}

/**
 * A file read by someone else (a streamed `.cbin`, a copied video): its size
 * is compared, and its md5 too when it is at most `hashUpTo` bytes (a small
 * header or metadata file, read again from the page cache by its reader).
 */
export async function verifyFile(
  path: string,
  expected: IExpectedFile,
  options: IVerifyOptions & { hashUpTo?: number } = {}
): Promise<void> {
  const s = await stat(path);
  const hashUpTo = options.hashUpTo ?? 64 << 20;
  if (checkSize(path, s, expected, options) && s.size <= hashUpTo) {
    await readVerifiedBytes(path, expected, options);
  }
}
