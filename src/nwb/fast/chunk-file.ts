/**
 * The file's chunk file (`<name>.nwb.part.chunks`), where the deflate workers append every
 * deferred dataset's compressed chunks, and the record of where each chunk went.
 */
import { openSync, rmSync } from 'node:fs';
import type { IWriteContext } from '../context';

/** Bytes left free at the start of a chunk file for HDF5's part of the file. */
export const CHUNK_FILE_RESERVE = 4 << 20;

/** Where the workers append every deferred dataset's compressed chunks. */
export interface IChunkFile {
  path: string;
  /** End offset shared by the workers (see `chunkSink`); starts at `CHUNK_FILE_RESERVE`. */
  end: SharedArrayBuffer;
}

export interface IDeferredDataset {
  /** HDF5 path of the dataset. */
  path: string;
  /** HDF5 object header address (an object reference holds exactly that). */
  objectAddress: bigint;
  chunkDims: number[];
  itemBytes: number;
  shuffle: boolean;
  gzipLevel: number;
  /** The chunk file (the same for every deferred dataset of a file). */
  sideFile: string;
  /** `sideOffset`: where the compressed chunk is in the chunk file. */
  chunks: { offset: number[]; size: number; sideOffset: number }[];
}

/** The file's chunk file: created by the first deferred dataset, then opened by the others. */
export function openChunkFile(ctx: IWriteContext): {
  file: IChunkFile;
  fd: number;
} {
  if (ctx.chunkFile) {
    return { file: ctx.chunkFile, fd: openSync(ctx.chunkFile.path, 'r+') };
  }
  const file: IChunkFile = {
    path: `${ctx.fsPath}.part.chunks`,
    end: new SharedArrayBuffer(8)
  };
  new BigInt64Array(file.end)[0] = BigInt(CHUNK_FILE_RESERVE);
  const fd = openSync(file.path, 'w');
  ctx.chunkFile = file;
  return { file, fd };
}

/** Removes the chunk file(s) of a failed or cancelled write. */
export function removeSideFiles(deferred: IDeferredDataset[]): void {
  for (const path of new Set(deferred.map(d => d.sideFile))) {
    rmSync(path, { force: true });
  }
}
