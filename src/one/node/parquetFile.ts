/**
 * Node access to `.pqt` files read at offsets: the footer and only the
 * column chunks of the requested rows and columns are read from disk.
 */
import { open } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';

import {
  IParquetReadOptions,
  readParquetData,
  readParquetMetadataAsync
} from '../parquet';
import type { ITable } from '../tables';

/** Read a parquet file (or some rows / columns of it) from disk. */
export async function readParquetFile(
  path: string,
  options: IParquetReadOptions = {}
): Promise<ITable> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const file: AsyncBuffer = {
      byteLength: size,
      slice: async (start: number, end = size) => {
        const length = Math.max(0, Math.min(end, size) - start);
        const bytes = Buffer.allocUnsafeSlow(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(
            bytes,
            done,
            length - done,
            start + done
          );
          if (bytesRead === 0) {
            break;
          }
          done += bytesRead;
        }
        return bytes.buffer.slice(0, done) as ArrayBuffer;
      }
    };
    const metadata = await readParquetMetadataAsync(file, path);
    return await readParquetData(file, metadata, path, options);
  } finally {
    await handle.close();
  }
}
