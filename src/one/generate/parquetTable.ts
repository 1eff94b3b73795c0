/**
 * Writes a pandas-compatible parquet table with hyparquet-writer.
 *
 * Every column is REQUIRED (NaN stands for missing floats, as in IBL's tables).
 * `category` columns are written with a fixed dictionary page in category order
 * plus an `ARROW:schema` entry, so pandas reads them back as ordered categoricals
 * with all categories (needed for the `qc` column of ONE's datasets table).
 */
import { ByteWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { writeDataPageV2 } from 'hyparquet-writer/src/datapage.js';
import { writeDictionaryPage } from 'hyparquet-writer/src/dictionary.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';

import { ArrowType, encodeArrowSchema } from './arrowSchema';
import { GeneratorError } from './errors';

// hyparquet-writer bundles its own hyparquet, so take the types from its functions
type ColumnEncoder = Parameters<typeof writeColumn>[0]['column'];
type SchemaElement = ColumnEncoder['element'];
type ColumnChunk = ReturnType<typeof writeColumn>['chunk'];

/** One table column; `values` must match `kind`. */
export type TableColumn =
  | { name: string; kind: 'float64'; values: Float64Array }
  | { name: string; kind: 'int64'; values: BigInt64Array }
  | { name: string; kind: 'bool'; values: boolean[] }
  | { name: string; kind: 'string'; values: string[] }
  | { name: string; kind: 'date'; values: Date[] }
  | { name: string; kind: 'uint16'; values: number[] }
  | { name: string; kind: 'uint64'; values: bigint[] }
  | {
      name: string;
      kind: 'category';
      values: string[];
      categories: readonly string[];
    };

export interface ITableOptions {
  /** Columns that pandas should turn into the index (default: a RangeIndex). */
  index?: string[];
  /** Extra key-value metadata, e.g. ONE's `one_metadata`. */
  metadata?: Record<string, string>;
}

const PANDAS_TYPES: Record<TableColumn['kind'], [string, string]> = {
  float64: ['float64', 'float64'],
  int64: ['int64', 'int64'],
  bool: ['bool', 'bool'],
  string: ['unicode', 'object'],
  date: ['date', 'object'],
  uint16: ['uint16', 'uint16'],
  uint64: ['uint64', 'UInt64'],
  category: ['categorical', 'int8']
};

function schemaElement(col: TableColumn): SchemaElement {
  const base = { name: col.name, repetition_type: 'REQUIRED' as const };
  switch (col.kind) {
    case 'float64':
      return { ...base, type: 'DOUBLE' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'bool':
      return { ...base, type: 'BOOLEAN' };
    case 'date':
      return {
        ...base,
        type: 'INT32',
        converted_type: 'DATE',
        logical_type: { type: 'DATE' }
      };
    case 'uint16':
      return {
        ...base,
        type: 'INT32',
        // no logical_type: hyparquet-writer drops `isSigned: false`, which pyarrow rejects
        converted_type: 'UINT_16'
      };
    case 'uint64':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'UINT_64'
      };
    default:
      return {
        ...base,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' }
      };
  }
}

function arrowType(col: TableColumn): ArrowType {
  switch (col.kind) {
    case 'float64':
      return { kind: 'float64' };
    case 'int64':
      return { kind: 'int', bitWidth: 64, signed: true };
    case 'bool':
      return { kind: 'bool' };
    case 'date':
      return { kind: 'date32' };
    case 'uint16':
      return { kind: 'int', bitWidth: 16, signed: false };
    case 'uint64':
      return { kind: 'int', bitWidth: 64, signed: false };
    case 'category':
      return { kind: 'dictionary', ordered: true };
    default:
      return { kind: 'utf8' };
  }
}

function pandasMetadata(
  columns: readonly TableColumn[],
  rows: number,
  index?: string[]
): string {
  return JSON.stringify({
    index_columns: index ?? [
      { kind: 'range', name: null, start: 0, stop: rows, step: 1 }
    ],
    column_indexes: [
      {
        name: null,
        field_name: null,
        pandas_type: 'unicode',
        numpy_type: 'object',
        metadata: { encoding: 'UTF-8' }
      }
    ],
    columns: columns.map(col => ({
      name: col.name,
      field_name: col.name,
      pandas_type: PANDAS_TYPES[col.kind][0],
      numpy_type: PANDAS_TYPES[col.kind][1],
      metadata:
        col.kind === 'category'
          ? { num_categories: col.categories.length, ordered: true }
          : null
    })),
    creator: { library: 'pyarrow', version: '17.0.0' },
    pandas_version: '2.2.2'
  });
}

/** Dictionary page holding the categories in order, then one data page of codes. */
function writeCategoryChunk(
  writer: ByteWriter,
  column: ColumnEncoder,
  values: string[],
  categories: readonly string[]
): ColumnChunk {
  const codeOf = new Map(categories.map((c, i) => [c, i]));
  const codes = values.map(v => {
    const code = codeOf.get(v);
    if (code === undefined) {
      throw new GeneratorError(
        column.columnName,
        `value '${v}' is not one of ${categories.join(', ')}`,
        'use a listed category'
      );
    }
    return code;
  });
  const start = writer.offset;
  const encoder = new TextEncoder();
  let uncompressed = writeDictionaryPage(
    writer,
    column,
    categories.map(c => encoder.encode(c))
  );
  const dataOffset = writer.offset;
  uncompressed += writeDataPageV2({
    writer,
    column,
    encoding: 'RLE_DICTIONARY',
    pageData: {
      values: codes,
      definitionLevels: [],
      repetitionLevels: [],
      maxDefinitionLevel: 0
    }
  });
  return {
    file_offset: BigInt(start),
    meta_data: {
      type: 'BYTE_ARRAY',
      encodings: ['PLAIN', 'RLE_DICTIONARY'],
      path_in_schema: [column.columnName],
      codec: column.codec,
      num_values: BigInt(values.length),
      total_compressed_size: BigInt(writer.offset - start),
      total_uncompressed_size: BigInt(uncompressed),
      data_page_offset: BigInt(dataOffset),
      dictionary_page_offset: BigInt(start)
    }
  };
}

/** Encode a table as parquet bytes (one row group, snappy pages). */
export function encodeTable(
  columns: readonly TableColumn[],
  options: ITableOptions = {}
): Uint8Array {
  const rows = columns.length ? columns[0].values.length : 0;
  for (const col of columns) {
    if (col.values.length !== rows) {
      throw new GeneratorError(
        `column ${col.name}`,
        `has ${col.values.length} rows, the table has ${rows}`,
        'give every column the same length'
      );
    }
  }
  const elements = columns.map(schemaElement);
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: columns.length },
    ...elements
  ];
  const writer = new ByteWriter();
  writer.appendUint32(0x31524150);
  const start = writer.offset;
  const chunks = columns.map((col, i) => {
    const column: ColumnEncoder = {
      columnName: col.name,
      element: elements[i],
      schemaPath: [schema[0], elements[i]],
      codec: 'SNAPPY',
      compressors: { SNAPPY: snappyCompress },
      stats: false,
      pageSize: 1 << 20,
      columnIndex: false,
      offsetIndex: false
    };
    if (col.kind === 'category') {
      return writeCategoryChunk(writer, column, col.values, col.categories);
    }
    const values =
      col.kind === 'uint16' ? Int32Array.from(col.values) : col.values;
    return writeColumn({
      writer,
      column,
      pageData: {
        values,
        definitionLevels: [],
        repetitionLevels: [],
        maxDefinitionLevel: 0
      }
    }).chunk;
  });
  const pandas = pandasMetadata(columns, rows, options.index);
  const kv = [{ key: 'pandas', value: pandas }];
  if (columns.some(col => col.kind === 'category')) {
    const fields = columns.map(col => ({
      name: col.name,
      type: arrowType(col),
      nullable: false
    }));
    const stored = encodeArrowSchema(fields, { pandas, ...options.metadata });
    kv.push({ key: 'ARROW:schema', value: stored.toString('base64') });
  }
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    kv.push({ key, value });
  }
  writeMetadata(writer, {
    version: 2,
    created_by: 'jupyterlab-ibl-nwb generator',
    schema,
    num_rows: BigInt(rows),
    row_groups: [
      {
        columns: chunks,
        total_byte_size: BigInt(writer.offset - start),
        num_rows: BigInt(rows)
      }
    ],
    key_value_metadata: kv
  } as any);
  writer.appendUint32(0x31524150);
  return new Uint8Array(writer.getBuffer());
}
