/**
 * `.pqt` reader over hyparquet (+ hyparquet-compressors for snappy, zstd,
 * gzip, brotli, lz4). Columns become typed arrays where pandas would have a
 * numpy column: nullable floats get NaN for nulls; integer columns with nulls
 * stay plain arrays with `null` (pandas would make them float or nullable).
 */
import { parquetMetadata, parquetMetadataAsync, parquetRead } from 'hyparquet';
import type {
  AsyncBuffer,
  ColumnData,
  FileMetaData,
  SchemaElement
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

import { TypedArray } from './dtype';
import { CorruptFileError, TruncatedFileError } from './errors';
import type { ColumnDtype, IColumn, ITable } from './tables';

export interface IParquetReadOptions {
  /** Only these columns (all when omitted). */
  columns?: string[];
  /** First row to read (default 0). */
  rowStart?: number;
  /** Row after the last one to read (default: all rows). */
  rowEnd?: number;
}

const INT_TYPES: Record<string, [ColumnDtype, new (n: number) => TypedArray]> =
  {
    true8: ['int8', Int8Array],
    false8: ['uint8', Uint8Array],
    true16: ['int16', Int16Array],
    false16: ['uint16', Uint16Array],
    true32: ['int32', Int32Array],
    false32: ['uint32', Uint32Array],
    true64: ['int64', BigInt64Array],
    false64: ['uint64', BigUint64Array]
  };

/** The typed-array kind a parquet leaf column maps to, or a non-numeric dtype. */
export function columnKind(
  el: SchemaElement
): [ColumnDtype, (new (n: number) => TypedArray) | null] {
  const logical = el.logical_type as
    { type: string; bitWidth?: number; isSigned?: boolean } | undefined;
  if (logical?.type === 'DATE' || el.converted_type === 'DATE') {
    return ['date', null];
  }
  if (logical?.type === 'STRING' || el.converted_type === 'UTF8') {
    return ['string', null];
  }
  if (logical?.type === 'INTEGER' && logical.bitWidth) {
    return (
      INT_TYPES[`${logical.isSigned !== false}${logical.bitWidth}`] ?? [
        'object',
        null
      ]
    );
  }
  switch (el.type) {
    case 'DOUBLE':
      return ['float64', Float64Array];
    case 'FLOAT':
      return ['float32', Float32Array];
    case 'INT64':
      return ['int64', BigInt64Array];
    case 'INT32':
      return el.converted_type ? ['object', null] : ['int32', Int32Array];
    case 'BOOLEAN':
      return ['bool', Uint8Array];
    default:
      return ['object', null];
  }
}

/** Where each decoded chunk lands: rows `[first, first + count)` of the file. */
export interface IRowSpan {
  first: number;
  count: number;
}

/** The part `[lo, hi)` of a chunk that falls in the span, and where it lands. */
function clip(chunk: ColumnData, span: IRowSpan) {
  const data = chunk.columnData as ArrayLike<unknown>;
  const lo = Math.max(0, span.first - chunk.rowStart);
  const hi = Math.min(data.length, span.first + span.count - chunk.rowStart);
  return { data, lo, hi, at: chunk.rowStart + lo - span.first };
}

/**
 * Copy numeric chunks into `out`; false if a null was met (then `out` holds
 * `empty` there). Typed chunks of the same kind are copied in bulk; plain
 * arrays (nullable columns) in a tight loop — per-value callbacks were a
 * large share of the read time on million-row tables.
 */
function fillNumeric(
  out: TypedArray,
  chunks: ColumnData[],
  span: IRowSpan,
  isBig: boolean,
  empty: number | bigint
): boolean {
  let hasNull = false;
  const target = out as unknown as { [i: number]: unknown };
  for (const chunk of chunks) {
    const { data, lo, hi, at } = clip(chunk, span);
    if (hi <= lo) {
      continue;
    }
    if (ArrayBuffer.isView(data) && data.constructor === out.constructor) {
      (out as Float64Array).set((data as Float64Array).subarray(lo, hi), at);
      continue;
    }
    for (let i = lo, j = at; i < hi; i++, j++) {
      const v = data[i];
      if (v === null || v === undefined) {
        hasNull = true;
        target[j] = empty;
      } else if (isBig) {
        target[j] = typeof v === 'bigint' ? v : BigInt(v as number);
      } else {
        target[j] = typeof v === 'boolean' ? Number(v) : v;
      }
    }
  }
  return hasNull;
}

/** Where a numeric column's values go: a new array, or a caller's (e.g. shared) memory. */
export type NumericOutput = (
  name: string,
  Ctor: new (n: number) => TypedArray,
  count: number
) => TypedArray;

const newArray: NumericOutput = (_name, Ctor, count) => new Ctor(count);

function toColumn(
  el: SchemaElement,
  chunks: ColumnData[],
  span: IRowSpan,
  output: NumericOutput
): IColumn {
  const [dtype, Ctor] = columnKind(el);
  if (Ctor) {
    const isFloat = dtype === 'float64' || dtype === 'float32';
    const isBig = dtype === 'int64' || dtype === 'uint64';
    const empty = isFloat ? NaN : isBig ? 0n : 0;
    const out = output(el.name, Ctor, span.count);
    const hasNull = fillNumeric(out, chunks, span, isBig, empty);
    if (!hasNull || isFloat) {
      return { name: el.name, dtype, values: out };
    }
  }
  const values: unknown[] = new Array(span.count).fill(null);
  for (const chunk of chunks) {
    const { data, lo, hi, at } = clip(chunk, span);
    for (let i = lo, j = at; i < hi; i++, j++) {
      const v = data[i];
      values[j] = v === undefined ? null : v;
    }
  }
  return { name: el.name, dtype: Ctor ? 'object' : dtype, values };
}

function indexColumnsOf(metadata: Record<string, string>): string[] {
  try {
    const pandas = JSON.parse(metadata.pandas ?? '{}') as {
      index_columns?: unknown[];
    };
    return (pandas.index_columns ?? []).filter(
      (c): c is string => typeof c === 'string'
    );
  } catch {
    return [];
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer as ArrayBuffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

const ISO_DATE = {
  dateFromDays: (days: number) =>
    new Date(days * 86400000).toISOString().slice(0, 10)
};

/** Read the footer of an in-memory file (schema, row count, key-value metadata). */
export function readParquetMetadata(
  bytes: Uint8Array,
  path: string
): FileMetaData {
  if (bytes.length < 12) {
    throw new TruncatedFileError(path, 12, bytes.length);
  }
  const tail = new TextDecoder().decode(bytes.subarray(bytes.length - 4));
  const head = new TextDecoder().decode(bytes.subarray(0, 4));
  if (head !== 'PAR1' || tail !== 'PAR1') {
    throw new CorruptFileError(
      path,
      'not a parquet file (the PAR1 markers are missing)'
    );
  }
  try {
    return parquetMetadata(toArrayBuffer(bytes));
  } catch (err) {
    throw new CorruptFileError(
      path,
      `unreadable parquet footer (${(err as Error).message})`
    );
  }
}

/** Read the footer through an `AsyncBuffer` (e.g. a file read at offsets). */
export async function readParquetMetadataAsync(
  file: AsyncBuffer,
  path: string
): Promise<FileMetaData> {
  if (file.byteLength < 12) {
    throw new TruncatedFileError(path, 12, file.byteLength);
  }
  try {
    return await parquetMetadataAsync(file);
  } catch (err) {
    throw new CorruptFileError(
      path,
      `unreadable parquet footer (${(err as Error).message})`
    );
  }
}

/** The rows and leaf columns a read covers, checked against the footer. */
export function selectRows(
  metadata: FileMetaData,
  path: string,
  options: IParquetReadOptions
): { span: IRowSpan; wanted: SchemaElement[] } {
  const numRows = Number(metadata.num_rows);
  // A damaged footer must not make us allocate columns of a made-up length.
  const groupRows = metadata.row_groups.reduce(
    (a, g) => a + Number(g.num_rows),
    0
  );
  if (!Number.isSafeInteger(numRows) || numRows < 0 || numRows !== groupRows) {
    throw new CorruptFileError(
      path,
      `the parquet footer's row count (${numRows}) disagrees with its row groups (${groupRows})`
    );
  }
  const first = Math.min(Math.max(0, options.rowStart ?? 0), numRows);
  const end = Math.min(Math.max(first, options.rowEnd ?? numRows), numRows);
  const span = { first, count: end - first };
  const leaves = metadata.schema.slice(1).filter(el => !el.num_children);
  const wanted = options.columns
    ? leaves.filter(el => options.columns!.includes(el.name))
    : leaves;
  return { span, wanted };
}

/** The table around decoded columns: row count, pandas index columns, key-value metadata. */
export function tableOf(
  metadata: FileMetaData,
  span: IRowSpan,
  columns: IColumn[]
): ITable {
  const kv: Record<string, string> = {};
  for (const { key, value } of metadata.key_value_metadata ?? []) {
    kv[key] = value ?? '';
  }
  return {
    numRows: span.count,
    columns,
    indexColumns: indexColumnsOf(kv),
    metadata: kv
  };
}

/**
 * Read (part of) a parquet file whose footer is already parsed. Numeric
 * columns are written where `output` says (new arrays by default).
 */
export async function readParquetData(
  file: AsyncBuffer,
  metadata: FileMetaData,
  path: string,
  options: IParquetReadOptions = {},
  output: NumericOutput = newArray
): Promise<ITable> {
  const { span, wanted } = selectRows(metadata, path, options);
  const { first } = span;
  const end = first + span.count;
  const chunks = new Map<string, ColumnData[]>(wanted.map(el => [el.name, []]));
  try {
    await parquetRead({
      file,
      metadata,
      columns: wanted.map(el => el.name),
      rowStart: first,
      rowEnd: end,
      compressors,
      parsers: ISO_DATE,
      onChunk: chunk => chunks.get(chunk.columnName)?.push(chunk)
    });
  } catch (err) {
    throw new CorruptFileError(
      path,
      `unreadable parquet data (${(err as Error).message})`
    );
  }
  const columns = wanted.map(el =>
    toColumn(el, chunks.get(el.name) ?? [], span, output)
  );
  return tableOf(metadata, span, columns);
}

/** Read a parquet file held in memory into a table. */
export async function readParquet(
  bytes: Uint8Array,
  path: string,
  options: IParquetReadOptions = {}
): Promise<ITable> {
  const metadata = readParquetMetadata(bytes, path);
  return readParquetData(toArrayBuffer(bytes), metadata, path, options);
}
