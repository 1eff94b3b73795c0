/**
 * Worker thread of parallel `.pqt` reads (see parquetPool): opens the file
 * itself and decodes the rows it is given into the shared output arrays.
 */
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

import { AlfError } from '../errors';
import { readParquetMetadataAsync } from '../parquet';
import { fileAsyncBuffer } from './fileBuffer';
import type { IRowsReply } from './parquetPool';
import { decodeRows, IRowsTask } from './parquetRows';

async function piece(task: IRowsTask): Promise<IRowsReply['result']> {
  const handle = await open(task.path, 'r');
  try {
    const { size } = await handle.stat();
    const file = fileAsyncBuffer(handle, size);
    const metadata = await readParquetMetadataAsync(file, task.path);
    return await decodeRows(task, file, metadata);
  } finally {
    await handle.close();
  }
}

parentPort!.on('message', ({ id, task }: { id: number; task: IRowsTask }) => {
  piece(task).then(
    result => parentPort!.postMessage({ id, result } satisfies IRowsReply),
    (err: Error) =>
      parentPort!.postMessage({
        id,
        error: {
          name: err.name,
          message: err.message,
          problem: err instanceof AlfError ? err.problem : undefined
        }
      } satisfies IRowsReply)
  );
});
