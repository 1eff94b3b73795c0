/**
 * After HDF5 closed the file: appends each deferred dataset's compressed chunks, writes the
 * chunk B-tree, points the dataset's layout message at it (and, for shuffle, rewrites its
 * filter pipeline), and moves the end-of-file address. Needs the "earliest" file format
 * (superblock 0, object header 1), which is what files from this writer (and h5py) use.
 */
import {
  closeSync,
  fstatSync,
  openSync,
  readSync,
  rmSync,
  writeSync
} from 'node:fs';
import { buildChunkBTree } from './btree';
import type { IDeferredDataset } from './chunk-writer';
import { copyOnThread, type ICopyJob } from './copy-thread';

const LAYOUT = 0x0008;
const PIPELINE = 0x000b;
const CONTINUATION = 0x0010;
const COPY_BYTES = 8 << 20;

export function finishDeferred(
  path: string,
  deferred: IDeferredDataset[]
): void {
  const layout = layoutDeferred(path, deferred);
  if (!layout) {
    return;
  }
  try {
    for (const job of layout.jobs) {
      appendFile(layout.fd, job.sideFile, job.base);
    }
  } finally {
    closeSync(layout.fd);
  }
  for (const d of deferred) {
    rmSync(d.sideFile, { force: true });
  }
}

/** Chunk bytes of one dataset still to be copied from its side file to `base`. */
interface IDatasetCopy extends ICopyJob {
  deferred: IDeferredDataset;
}

/**
 * Everything but the chunk bytes: places each dataset's chunks after the end of the file,
 * writes their B-trees and patched headers and the end-of-file address (so the file has
 * its final length), and returns the copies still to do, in order. The file stays open.
 */
function layoutDeferred(
  path: string,
  deferred: IDeferredDataset[]
): { fd: number; jobs: IDatasetCopy[] } | undefined {
  if (deferred.length === 0) {
    return undefined;
  }
  const fd = openSync(path, 'r+');
  try {
    const sb = read(fd, 0n, 48);
    if (String.fromCharCode(...sb.subarray(1, 4)) !== 'HDF' || sb[8] !== 0) {
      throw new Error(
        `${path}: expected an HDF5 version-0 superblock to index chunks`
      );
    }
    let end = align(BigInt(fstatSync(fd).size));
    const jobs: IDatasetCopy[] = [];
    for (const d of deferred) {
      if (d.chunks.length === 0) {
        continue;
      }
      const base = end;
      const bytes = d.chunks.reduce(
        (n, c) => Math.max(n, c.sideOffset + c.size),
        0
      );
      jobs.push({ deferred: d, sideFile: d.sideFile, base });
      const chunks = d.chunks.map(c => ({
        offset: c.offset,
        size: c.size,
        address: base + BigInt(c.sideOffset)
      }));
      end = align(base + BigInt(bytes));
      const tree = buildChunkBTree(chunks, d.chunkDims, d.itemBytes, end);
      writeSync(fd, tree.bytes, 0, tree.bytes.length, Number(end));
      end += BigInt(tree.bytes.length);
      patchHeader(fd, d, tree.root);
    }
    const eoa = new DataView(new ArrayBuffer(8));
    eoa.setBigUint64(0, end, true);
    writeSync(fd, new Uint8Array(eoa.buffer), 0, 8, 40);
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
  deferred: IDeferredDataset[]
): IFinishing {
  const layout = layoutDeferred(path, deferred);
  if (!layout) {
    return { ready: () => Promise.resolve(), done: Promise.resolve() };
  }
  const copies = copyOnThread(layout.fd, layout.jobs);
  const copied = new Map<string, Promise<void>>(
    layout.jobs.map((job, i) => [job.deferred.path, copies[i]])
  );
  const done = Promise.allSettled([...copied.values()]).then(results => {
    closeSync(layout.fd);
    for (const d of deferred) {
      rmSync(d.sideFile, { force: true });
    }
    const failed = results.find(r => r.status === 'rejected');
    if (failed) {
      throw (failed as PromiseRejectedResult).reason;
    }
  });
  // Rejections are reported through `done` and `ready`, never unhandled.
  done.catch(() => undefined);
  for (const p of copied.values()) {
    p.catch(() => undefined);
  }
  return {
    ready: p => copied.get(p) ?? Promise.resolve(),
    done
  };
}

function align(n: bigint): bigint {
  return (n + 7n) & ~7n;
}

function read(fd: number, at: bigint, n: number): Uint8Array {
  const buf = new Uint8Array(n);
  readSync(fd, buf, 0, n, Number(at));
  return buf;
}

function appendFile(fd: number, sideFile: string, at: bigint): bigint {
  const src = openSync(sideFile, 'r');
  const buf = new Uint8Array(COPY_BYTES);
  let pos = Number(at);
  try {
    for (;;) {
      const n = readSync(src, buf, 0, COPY_BYTES, null);
      if (n === 0) {
        break;
      }
      writeSync(fd, buf, 0, n, pos);
      pos += n;
    }
  } finally {
    closeSync(src);
  }
  return BigInt(pos);
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
        writeSync(fd, new Uint8Array(addr.buffer), 0, 8, Number(data + 3n));
        patched = true;
      } else if (type === PIPELINE && d.shuffle) {
        writeSync(
          fd,
          shuffleDeflatePipeline(size, d.itemBytes, d.gzipLevel),
          0,
          size,
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
