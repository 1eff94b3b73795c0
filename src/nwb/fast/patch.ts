/**
 * After HDF5 closed the file: brings HDF5's part and the chunk file together, writes each
 * deferred dataset's chunk B-tree, points the dataset's layout message at it (and, for
 * shuffle, rewrites its filter pipeline), and moves the end-of-file address. Needs the
 * "earliest" file format (superblock 0, object header 1), which this writer (and h5py) use.
 *
 * Two ways to bring them together: when the chunks are many (`chunksInPlaceFromBytes`) and
 * HDF5's part fits the space left at the start of the chunk file, that part is written there
 * and the chunk file becomes the file (no copy of the chunks; what is left of that space
 * stays unused and sparse). Otherwise the chunks are copied after HDF5's part.
 */
import {
  closeSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync
} from 'node:fs';
import { buildChunkBTree } from './btree';
import {
  CHUNK_FILE_RESERVE,
  removeSideFiles,
  type IDeferredDataset
} from './chunk-file';
import { copyOnThread, type ICopyJob } from './copy-thread';

const LAYOUT = 0x0008;
const PIPELINE = 0x000b;
const CONTINUATION = 0x0010;
const COPY_BYTES = 8 << 20;

export function finishDeferred(
  path: string,
  deferred: IDeferredDataset[],
  inPlaceFromBytes = Infinity
): void {
  const layout = layoutDeferred(path, deferred, inPlaceFromBytes);
  if (!layout) {
    return;
  }
  try {
    for (const job of layout.jobs) {
      appendFile(layout.fd, job);
    }
  } finally {
    closeSync(layout.fd);
  }
  removeSideFiles(deferred);
}

/**
 * Everything but copying chunk bytes: places HDF5's part and the chunks (see the top of this
 * file), writes the B-trees, patched headers and end-of-file address (so `path` has its final
 * length and indexes), and returns the copy still to do, if any. The file stays open.
 */
function layoutDeferred(
  path: string,
  deferred: IDeferredDataset[],
  inPlaceFromBytes: number
): { fd: number; jobs: ICopyJob[] } | undefined {
  const written = deferred.filter(d => d.chunks.length > 0);
  if (written.length === 0) {
    removeSideFiles(deferred);
    return undefined;
  }
  const chunkFile = written[0].sideFile;
  if (written.some(d => d.sideFile !== chunkFile)) {
    throw new Error(`${path}: deferred datasets in more than one chunk file`);
  }
  const first = BigInt(CHUNK_FILE_RESERVE);
  // Everything in the chunk file is copied (or kept in place), so the indexes go after
  // its end: past the last indexed chunk, and past chunks no dataset took (compressed
  // ahead for a dataset that then had another first slice, see compressAhead.ts).
  const chunkEnd = written.reduce(
    (n, d) => d.chunks.reduce((m, c) => Math.max(m, c.sideOffset + c.size), n),
    Math.max(CHUNK_FILE_RESERVE, statSync(chunkFile).size)
  );
  const partBytes = statSync(path).size;
  const inPlace =
    partBytes <= CHUNK_FILE_RESERVE &&
    chunkEnd - CHUNK_FILE_RESERVE >= inPlaceFromBytes;
  let fd: number;
  let shift: bigint;
  const jobs: ICopyJob[] = [];
  if (inPlace) {
    // HDF5's part goes in front of the chunks; the chunk file becomes the file.
    fd = openSync(chunkFile, 'r+');
    try {
      copyRange(path, fd, partBytes);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    // Onto a free name: ext4 (auto_da_alloc) starts writing back the whole renamed file when
    // a rename replaces an existing one, 0.3-0.5 s for 700 MB on this thread; HDF5's part
    // is copied already.
    unlinkSync(path);
    renameSync(chunkFile, path);
    shift = 0n;
  } else {
    fd = openSync(path, 'r+');
    const base = align(BigInt(partBytes));
    jobs.push({ sideFile: chunkFile, base, from: first });
    shift = base - first;
  }
  try {
    const sb = read(fd, 0n, 48);
    if (String.fromCharCode(...sb.subarray(1, 4)) !== 'HDF' || sb[8] !== 0) {
      throw new Error(
        `${path}: expected an HDF5 version-0 superblock to index chunks`
      );
    }
    let end = align(BigInt(chunkEnd) + shift);
    for (const d of written) {
      const chunks = d.chunks.map(c => ({
        offset: c.offset,
        size: c.size,
        address: BigInt(c.sideOffset) + shift
      }));
      const tree = buildChunkBTree(chunks, d.chunkDims, d.itemBytes, end);
      writeAll(fd, tree.bytes, Number(end));
      end += BigInt(tree.bytes.length);
      patchHeader(fd, d, tree.root);
    }
    const eoa = new DataView(new ArrayBuffer(8));
    eoa.setBigUint64(0, end, true);
    writeAll(fd, new Uint8Array(eoa.buffer), 40);
    return { fd, jobs };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** The deferred datasets being finished in the background (see `finishDeferredAsync`). */
export interface IFinishing {
  /** Resolves once the chunks of the dataset at `path` (an HDF5 path) are in the file. */
  ready(path: string): Promise<void>;
  /** Resolves once every chunk is in the file and the side files are removed. */
  done: Promise<void>;
}

/**
 * As `finishDeferred`, but the chunk bytes are copied on a worker thread, dataset by
 * dataset, so the caller can read datasets back (HDF5 opens the file: its length and
 * indexes are final) while later ones are still being copied.
 */
export function finishDeferredAsync(
  path: string,
  deferred: IDeferredDataset[],
  inPlaceFromBytes = Infinity
): IFinishing {
  const layout = layoutDeferred(path, deferred, inPlaceFromBytes);
  if (!layout) {
    return { ready: () => Promise.resolve(), done: Promise.resolve() };
  }
  // Chunks of all datasets are interleaved in the chunk file: one copy, or none in place.
  const copied = Promise.all(copyOnThread(layout.fd, layout.jobs)).then(
    () => undefined
  );
  const done = copied.then(
    () => {
      closeSync(layout.fd);
      removeSideFiles(deferred);
    },
    (err: unknown) => {
      closeSync(layout.fd);
      removeSideFiles(deferred);
      throw err;
    }
  );
  // Rejections are reported through `done` and `ready`, never unhandled.
  done.catch(() => undefined);
  copied.catch(() => undefined);
  return { ready: () => copied, done };
}

function align(n: bigint): bigint {
  return (n + 7n) & ~7n;
}

/**
 * Writes all of `bytes` at `position`. A write may store only part of its bytes (a disk
 * that fills up does that first, without an error): the rest is written again, and the
 * next write on a full disk fails with ENOSPC instead of leaving a hole in the file.
 */
function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

function read(fd: number, at: bigint, n: number): Uint8Array {
  const buf = new Uint8Array(n);
  readSync(fd, buf, 0, n, Number(at));
  return buf;
}

/** Copies `job.sideFile` from `job.from` (default 0) to its end into `fd` at `job.base`. */
function appendFile(fd: number, job: ICopyJob): void {
  const src = openSync(job.sideFile, 'r');
  const buf = new Uint8Array(COPY_BYTES);
  let from = Number(job.from ?? 0n);
  let pos = Number(job.base);
  try {
    for (;;) {
      const n = readSync(src, buf, 0, COPY_BYTES, from);
      if (n === 0) {
        break;
      }
      writeAll(fd, buf.subarray(0, n), pos);
      from += n;
      pos += n;
    }
  } finally {
    closeSync(src);
  }
}

/** Copies the first `bytes` of the file at `path` into `fd` at offset 0. */
function copyRange(path: string, fd: number, bytes: number): void {
  const src = openSync(path, 'r');
  const buf = new Uint8Array(Math.min(COPY_BYTES, Math.max(bytes, 1)));
  try {
    for (let at = 0; at < bytes;) {
      const n = readSync(src, buf, 0, Math.min(buf.length, bytes - at), at);
      if (n === 0) {
        throw new Error(`${path}: ended at ${at} of ${bytes} bytes`);
      }
      writeAll(fd, buf.subarray(0, n), at);
      at += n;
    }
  } finally {
    closeSync(src);
  }
}

/** Walks a version-1 object header (and its continuation blocks) for the messages to patch. */
function patchHeader(fd: number, d: IDeferredDataset, root: bigint): void {
  const prefix = read(fd, d.objectAddress, 16);
  const view = new DataView(prefix.buffer);
  if (prefix[0] !== 1) {
    throw new Error(
      `object header version ${prefix[0]} at ${d.objectAddress}: expected 1`
    );
  }
  let remaining = view.getUint16(2, true);
  const blocks: [bigint, number][] = [
    [d.objectAddress + 16n, view.getUint32(8, true)]
  ];
  let patched = false;
  while (blocks.length > 0 && remaining > 0) {
    const [start, length] = blocks.shift()!;
    const block = read(fd, start, length);
    const bv = new DataView(block.buffer);
    for (let p = 0; p + 8 <= length && remaining > 0; remaining--) {
      const type = bv.getUint16(p, true);
      const size = bv.getUint16(p + 2, true);
      const data = start + BigInt(p + 8);
      if (type === CONTINUATION) {
        blocks.push([
          bv.getBigUint64(p + 8, true),
          Number(bv.getBigUint64(p + 16, true))
        ]);
      } else if (type === LAYOUT) {
        if (block[p + 8] !== 3 || block[p + 9] !== 2) {
          throw new Error('expected a version-3 chunked layout message');
        }
        const addr = new DataView(new ArrayBuffer(8));
        addr.setBigUint64(0, root, true);
        writeAll(fd, new Uint8Array(addr.buffer), Number(data + 3n));
        patched = true;
      } else if (type === PIPELINE && d.shuffle) {
        writeAll(
          fd,
          shuffleDeflatePipeline(size, d.itemBytes, d.gzipLevel),
          Number(data)
        );
      }
      p += 8 + size;
    }
  }
  if (!patched) {
    throw new Error(
      `no layout message in the object header at ${d.objectAddress}`
    );
  }
}

/**
 * Filter pipeline message version 2 (no names for predefined filters): shuffle, then deflate.
 * It is 22 bytes, so it fits in the space of the single-deflate message HDF5 wrote.
 */
export function shuffleDeflatePipeline(
  space: number,
  itemBytes: number,
  level: number
): Uint8Array {
  const out = new Uint8Array(space);
  const v = new DataView(out.buffer);
  const filters: [number, number][] = [
    [2, itemBytes],
    [1, level]
  ];
  if (space < 2 + 10 * filters.length) {
    throw new Error(`filter pipeline message of ${space} bytes is too small`);
  }
  out[0] = 2;
  out[1] = filters.length;
  let at = 2;
  for (const [id, cd] of filters) {
    v.setUint16(at, id, true);
    v.setUint16(at + 2, 0, true); // flags: mandatory
    v.setUint16(at + 4, 1, true); // one client value
    v.setUint32(at + 6, cd, true);
    at += 10;
  }
  return out;
}
