/**
 * One piece of a parallel `.pqt` read: rows `[rowStart, rowEnd)` of some
 * columns, decoded by hyparquet. Numeric columns are written straight into the
 * shared output arrays (at `outputRow`); the others come back as values. Runs
 * on the main thread for one piece and in `parquetWorker` for the rest.
 */
import type { AsyncBuffer, FileMetaData } from 'hyparquet';

import type { TypedArray } from '../dtype';
import { NumericOutput, readParquetData } from '../parquet';

export interface IRowsTask {
  path: string;
  rowStart: number;
  rowEnd: number;
  columns: string[];
  /** The whole output of each numeric column, shared by all pieces. */
  targets: Record<string, SharedArrayBuffer>;
  /** Output row of `rowStart`. */
  outputRow: number;
}

export interface IRowsResult {
  /** Columns not in a target (text, dates, integers with nulls), in row order. */
  values: Record<string, unknown[]>;
}

/** A typed-array constructor that also views shared memory. */
export type SharedCtor = {
  new (
    buffer: SharedArrayBuffer,
    byteOffset?: number,
    length?: number
  ): TypedArray;
  BYTES_PER_ELEMENT: number;
};

export async function decodeRows(
  task: IRowsTask,
  file: AsyncBuffer,
  metadata: FileMetaData
): Promise<IRowsResult> {
  const output: NumericOutput = (name, Ctor, count) => {
    const shared = task.targets[name];
    if (!shared) {
      return new Ctor(count);
    }
    const View = Ctor as unknown as SharedCtor;
    return new View(shared, task.outputRow * View.BYTES_PER_ELEMENT, count);
  };
  const table = await readParquetData(
    file,
    metadata,
    task.path,
    { columns: task.columns, rowStart: task.rowStart, rowEnd: task.rowEnd },
    output
  );
  const values: Record<string, unknown[]> = {};
  for (const column of table.columns) {
    const typed = ArrayBuffer.isView(column.values)
      ? (column.values as TypedArray)
      : undefined;
    if (!typed || typed.buffer !== task.targets[column.name]) {
      values[column.name] = Array.from(column.values as ArrayLike<unknown>);
    }
  }
  return { values };
}
