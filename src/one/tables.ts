/**
 * The in-memory table that `.pqt`, `.csv`, `.tsv` and `.ssv` readers return:
 * named columns, numeric ones as typed arrays (like pandas' numpy columns).
 */
import { DELIMITERS, parseDelimited } from './delimited';
import { TypedArray } from './dtype';
import { UnsupportedDtypeError } from './errors';
import { readParquet } from './parquet';

/** Column element types, named like the pandas dtypes they correspond to. */
export type ColumnDtype =
  | 'float64'
  | 'float32'
  | 'int64'
  | 'uint64'
  | 'int32'
  | 'uint32'
  | 'int16'
  | 'uint16'
  | 'int8'
  | 'uint8'
  | 'bool'
  | 'string'
  | 'date'
  | 'object';

export interface IColumn {
  name: string;
  dtype: ColumnDtype;
  /**
   * Typed array for numeric and bool (0/1) columns; `(string | null)[]` for
   * strings, ISO `YYYY-MM-DD` strings for dates, anything else for `object`.
   */
  values: TypedArray | unknown[];
}

export interface ITable {
  numRows: number;
  columns: IColumn[];
  /** pandas index column names stored in the file (empty for a range index). */
  indexColumns: string[];
  /** Parquet key-value metadata (`pandas`, `one_metadata`, …). */
  metadata: Record<string, string>;
}

/** Find a column by name. */
export function getColumn(table: ITable, name: string): IColumn | undefined {
  return table.columns.find(c => c.name === name);
}

/** Value of row `i` as a JS value (bigint for 64-bit ints, boolean for bool columns). */
export function cell(column: IColumn, i: number): unknown {
  const v = (column.values as ArrayLike<unknown>)[i];
  return column.dtype === 'bool' ? v === 1 || v === true : v;
}

/** Read a table file (`.pqt`, `.csv`, `.tsv`, `.htsv`, `.ssv`) from its bytes. */
export async function readTable(
  path: string,
  bytes: Uint8Array
): Promise<ITable> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'pqt' || ext === 'parquet') {
    return readParquet(bytes, path);
  }
  const delimiter = DELIMITERS[ext];
  if (delimiter === undefined) {
    throw new UnsupportedDtypeError(
      path,
      `.${ext}`,
      'Tables are read from .pqt, .csv, .tsv or .ssv files.'
    );
  }
  return parseDelimited(new TextDecoder().decode(bytes), delimiter, path);
}
