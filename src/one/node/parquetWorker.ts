/**
 * Worker thread of parallel `.pqt` reads (see parquetPool): opens the file
 * itself and decodes the rows it is given into the shared output arrays,
 * with the footer the main thread already parsed.
 */
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { FileMetaData } from 'hyparquet';

import { AlfError } from '../errors';
import { fileAsyncBuffer } from './fileBuffer';
import type { IRowsReply } from './parquetPool';
import { decodeRows, IRowsTask } from './parquetRows';

async function piece(
  task: IRowsTask,
  metadata: FileMetaData
): Promise<IRowsReply['result']> {
  const handle = await open(task.path, 'r');
  try {
    const { size } = await handle.stat();
    return await decodeRows(task, fileAsyncBuffer(handle, size), metadata);
  } finally {
    await handle.close();
  }
}

interface IRowsMessage {
  id: number;
  task: IRowsTask;
  metadata: FileMetaData;
}

parentPort!.on('message', ({ id, task, metadata }: IRowsMessage) => {
  piece(task, metadata).then(
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
