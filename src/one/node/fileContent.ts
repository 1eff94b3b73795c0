/**
 * Dataset files read from disk the fastest way for their format: `.pqt` at
 * offsets (split between threads when large and mostly numeric), the other
 * formats from their bytes (`loadFileContent`).
 */
import { stat } from 'node:fs/promises';

import { FileContent, loadFileContent } from '../content';
import { readTable, type ITable } from '../tables';
import { readFileBytes } from './files';
import { IParquetFileOptions, readParquetFile } from './parquetFile';

function isParquet(path: string): boolean {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'pqt' || ext === 'parquet';
}

/** A table file (`.pqt`, `.csv`, `.tsv`, `.ssv`). */
export async function readTableFile(
  path: string,
  parquet: IParquetFileOptions = {}
): Promise<ITable> {
  if (isParquet(path)) {
    return readParquetFile(path, parquet);
  }
  return readTable(path, await readFileBytes(path));
}

/** Any dataset file, like ONE's `load_file_content`. */
export async function loadFile(path: string): Promise<FileContent> {
  if (isParquet(path) && (await stat(path)).size > 0) {
    return { kind: 'table', table: await readParquetFile(path) };
  }
  return loadFileContent(path, await readFileBytes(path));
}
