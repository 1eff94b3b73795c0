/**
 * Node access to `.pqt` files read at offsets: the footer and only the
 * column chunks of the requested rows and columns are read from disk. Large
 * reads are split by rows between this thread and worker threads.
 */
import { open } from 'node:fs/promises';
import type { FileMetaData } from 'hyparquet';

import {
  IParquetReadOptions,
  readParquetData,
  readParquetMetadataAsync
} from '../parquet';
import type { ITable } from '../tables';
import { fileAsyncBuffer } from './fileBuffer';
import {
  numericShare,
  PARALLEL_MIN_BYTES,
  readParquetInParallel
} from './parquetParallel';
import { parquetWorkers } from './parquetPool';

export interface IParquetFileOptions extends IParquetReadOptions {
  /**
   * Split the read between threads: 'auto' (default) for files of 16 MB or
   * more whose selected bytes are mostly numeric; 'never'; 'always' (tests).
   */
  split?: 'auto' | 'never' | 'always';
}

function worthSplitting(
  size: number,
  metadata: FileMetaData,
  options: IParquetFileOptions
): boolean {
  const split = options.split ?? 'auto';
  return (
    split === 'always' ||
    (split === 'auto' &&
      size >= PARALLEL_MIN_BYTES &&
      numericShare(metadata, options.columns) >= 0.5)
  );
}

/** Read a parquet file (or some rows / columns of it) from disk. */
export async function readParquetFile(
  path: string,
  options: IParquetFileOptions = {}
): Promise<ITable> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const file = fileAsyncBuffer(handle, size);
    const metadata = await readParquetMetadataAsync(file, path);
    const workers = worthSplitting(size, metadata, options)
      ? parquetWorkers()
      : null;
    if (workers) {
      return await readParquetInParallel(
        path,
        file,
        metadata,
        options,
        workers
      );
    }
    return await readParquetData(file, metadata, path, options);
  } finally {
    await handle.close();
  }
}
