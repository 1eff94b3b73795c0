import type { H5File } from './h5';
import { getGroup } from './h5';
import type { IChunkFile, IDeferredDataset } from './fast/chunk-file';
import type { DeflatePool } from './fast/deflate-pool';
import type { IAheadChunks } from './fast/compressAhead';
import { NwbAbortError, NwbWriteError } from './errors';

/** How large numeric arrays are stored. */
export interface IStorageOptions {
  /** gzip level 0–9; 0 stores chunks uncompressed. */
  gzipLevel: number;
  /**
   * Byte-shuffle filter before gzip. h5wasm 0.10.3 applies one filter per dataset, so
   * shuffle + gzip needs `deflateWorkers` > 0 (chunks are then filtered outside HDF5).
   */
  shuffle: boolean;
  /**
   * Worker threads compressing chunked arrays outside HDF5 (0 = HDF5 compresses them on
   * this thread). See README, "Parallel deflate".
   */
  deflateWorkers: number;
  /**
   * How the deflate workers search for repeats: zlib's `default`, run-length only (`rle`),
   * or `auto`: the first chunk of each dataset is compressed both ways and run-length is
   * kept for the dataset if it is at most 10 % larger (see `fast/deflate-pool.ts`). Only
   * with `deflateWorkers` ≥ 1; the stored chunks are zlib streams either way.
   */
  deflateStrategy: 'default' | 'rle' | 'auto';
  /**
   * With deflate workers: when the compressed chunks total at least this many bytes, the
   * file is finished around them where the workers wrote them (no copy of the chunks); the
   * file then holds up to `CHUNK_FILE_RESERVE` (4 MiB) of unused, sparse space before
   * them. Smaller totals are copied after HDF5's part (a compact file). See `fast/patch.ts`.
   */
  chunksInPlaceFromBytes: number;
  /** Target chunk size in bytes. */
  chunkBytes: number;
  /** Arrays smaller than this are stored contiguous and uncompressed. */
  minChunkedBytes: number;
  /** Bytes handed to HDF5 per write call when streaming (a whole number of chunks). */
  writeBytes: number;
}

export const DEFAULT_STORAGE: IStorageOptions = {
  gzipLevel: 4,
  shuffle: false,
  deflateWorkers: 0,
  deflateStrategy: 'default',
  chunksInPlaceFromBytes: 64 << 20,
  chunkBytes: 1 << 20,
  minChunkedBytes: 1 << 16,
  writeBytes: 64 << 20
};

/** What every writer function needs: the open file, where it will land, and policies. */
export interface IWriteContext {
  file: H5File;
  /** The final `.nwb` path, used in error messages. */
  fsPath: string;
  storage: IStorageOptions;
  signal?: AbortSignal;
  /** Namespaces whose types were written; their specs get cached on close. */
  namespaces: Set<string>;
  /** Datasets whose compressed chunks are indexed after HDF5 closes the file. */
  deferred: IDeferredDataset[];
  /** The file the workers write every deferred dataset's chunks to (see `fast/chunk-file.ts`). */
  chunkFile?: IChunkFile;
  /** Compression workers, started on first use. */
  pool?: DeflatePool;
  /** Chunks of shared-memory slices still being compressed (see `fast/chunk-writer.ts`). */
  pending: Promise<void>[];
  /** Shared arrays whose chunks were compressed before their dataset (`fast/compressAhead.ts`). */
  ahead?: WeakMap<SharedArrayBuffer, IAheadChunks>;
}

/** A written NWB object: where it is in the file. */
export interface INwbObject {
  ctx: IWriteContext;
  path: string;
}

export function checkAbort(ctx: IWriteContext): void {
  if (ctx.signal?.aborted) {
    throw new NwbAbortError(ctx.fsPath);
  }
}

export function validateStorage(s: IStorageOptions, fsPath: string): void {
  if (!Number.isInteger(s.gzipLevel) || s.gzipLevel < 0 || s.gzipLevel > 9) {
    throw new NwbWriteError(
      fsPath,
      'storage',
      `gzip level ${s.gzipLevel} is not 0–9`
    );
  }
  if (s.shuffle && s.gzipLevel > 0 && s.deflateWorkers === 0) {
    throw new NwbWriteError(
      fsPath,
      'storage',
      'h5wasm 0.10.3 cannot combine shuffle with gzip itself; set deflateWorkers ≥ 1, shuffle: false or gzipLevel: 0'
    );
  }
}

export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Creates plain (untyped) groups along `path` as needed; h5wasm does not make parents. */
export function ensureGroup(ctx: IWriteContext, path: string): INwbObject {
  let at = '/';
  for (const part of path.split('/').filter(Boolean)) {
    const next = childPath(at, part);
    if (!ctx.file.get(next)) {
      getGroup(ctx.file, at, ctx.fsPath).create_group(part);
    }
    at = next;
  }
  return { ctx, path: at };
}
