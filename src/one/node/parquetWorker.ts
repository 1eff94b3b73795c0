/**
 * Worker thread of parallel `.pqt` reads (see parquetPool): opens the file
 * itself and decodes the rows it is given into the shared output arrays,
 * with the footer the main thread already parsed.
 */
import { open } from 'node:fs/promises';
import type { FileMetaData } from 'hyparquet';

import { serveTasks } from '../../node/workerTasks';
import { fileAsyncBuffer } from './fileBuffer';
import type { IRowsMessage } from './parquetPool';
import { decodeRows, IRowsResult, IRowsTask } from './parquetRows';

async function piece(
  task: IRowsTask,
  metadata: FileMetaData
): Promise<IRowsResult> {
  const handle = await open(task.path, 'r');
  try {
    const { size } = await handle.stat();
    return await decodeRows(task, fileAsyncBuffer(handle, size), metadata);
  } finally {
    await handle.close();
  }
}

// A damaged piece throws an AlfError: its name and `problem` reach the main thread.
serveTasks<IRowsMessage, IRowsResult>(async ({ task, metadata }) => ({
  result: await piece(task, metadata)
}));
