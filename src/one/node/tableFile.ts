/**
 * A table file read from disk the fastest way for its format: `.pqt` at
 * offsets (split between threads when large), delimited text as a whole.
 */
import { readTable, type ITable } from '../tables';
import { readFileBytes } from './files';
import { readParquetFile } from './parquetFile';

export async function readTableFile(path: string): Promise<ITable> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'pqt' || ext === 'parquet') {
    return readParquetFile(path);
  }
  return readTable(path, await readFileBytes(path));
}
