/**
 * Reading and rewriting the small ALF arrays and tables a case mutates. The
 * reader is our own few lines over the .npy format and hyparquet (not the
 * converter's readers, which the corpus is there to test).
 */
import * as fs from 'node:fs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';

import { GeneratorError } from '../../errors';
import { writeNpy } from '../../npyWriter';
import { encodeTable, TableColumn } from '../../parquetTable';

export interface INpy {
  dtype: '<f8' | '<i8' | '<i4';
  shape: number[];
  data: Float64Array | BigInt64Array | Int32Array;
}

/** A little-endian float64, int64 or int32 .npy file, C order. */
export function readNpy(file: string): INpy {
  const bytes = fs.readFileSync(file);
  // magic (6 bytes), version (2), header length: 2 bytes in version 1, 4 after
  const start = bytes[6] === 1 ? 10 : 12;
  const headerLength =
    bytes[6] === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const offset = start + headerLength;
  const header = bytes.subarray(start, offset).toString('latin1');
  const dtype = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(Number);
  if (
    (dtype !== '<f8' && dtype !== '<i8' && dtype !== '<i4') ||
    /'fortran_order':\s*True/.test(header)
  ) {
    throw new GeneratorError(
      file,
      `cannot mutate dtype ${dtype}`,
      'use a <f8, <i8 or <i4 C-order file'
    );
  }
  const body = bytes.subarray(offset);
  const copy = new ArrayBuffer(body.length);
  new Uint8Array(copy).set(body);
  return {
    dtype,
    shape,
    data:
      dtype === '<f8'
        ? new Float64Array(copy)
        : dtype === '<i8'
          ? new BigInt64Array(copy)
          : new Int32Array(copy)
  };
}

export function saveNpy(file: string, npy: INpy): void {
  writeNpy(file, npy.dtype, npy.data, npy.shape);
}

/** A parquet table's float64 / int64 columns, in file order. */
export async function readTable(file: string): Promise<TableColumn[]> {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength
  );
  const meta = parquetMetadata(buffer);
  const rows = (await parquetReadObjects({ file: buffer })) as Record<
    string,
    unknown
  >[];
  return meta.schema.slice(1).map(el => {
    const values = rows.map(r => r[el.name]);
    if (el.type === 'DOUBLE') {
      return {
        name: el.name,
        kind: 'float64',
        values: Float64Array.from(values as number[])
      };
    }
    if (el.type === 'INT64') {
      return {
        name: el.name,
        kind: 'int64',
        values: BigInt64Array.from(values as bigint[])
      };
    }
    throw new GeneratorError(
      file,
      `column ${el.name} is ${el.type}`,
      'mutate float64/int64 tables only'
    );
  });
}

export function writeTable(file: string, columns: TableColumn[]): void {
  fs.writeFileSync(file, encodeTable(columns));
}

/** Each numeric column grown or cut to `rows` (new rows repeat the table from its start). */
export function resizeTable(
  columns: TableColumn[],
  rows: number
): TableColumn[] {
  return columns.map(col => {
    if (col.kind === 'float64') {
      const v = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        v[i] = col.values[i % col.values.length];
      }
      return { ...col, values: v };
    }
    if (col.kind === 'int64') {
      const v = new BigInt64Array(rows);
      for (let i = 0; i < rows; i++) {
        v[i] = col.values[i % col.values.length];
      }
      return { ...col, values: v };
    }
    throw new GeneratorError(
      col.name,
      `is ${col.kind}`,
      'resize float64/int64 tables only'
    );
  });
}

/** The rows of a table (its first column's length). */
export function tableRows(columns: TableColumn[]): number {
  return columns.length ? columns[0].values.length : 0;
}
