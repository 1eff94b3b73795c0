/**
 * Delimited text tables (`.csv`, `.tsv`, `.ssv`) with a header row, typed the
 * way pandas' `read_csv` types them: int64 when every cell is an integer,
 * float64 when every non-missing cell is a number (missing → NaN), bool for
 * True/False columns, otherwise strings with `null` for missing cells.
 */
import { CorruptFileError } from './errors';
import type { IColumn, ITable } from './tables';

/** pandas' default missing-value markers. */
const NA_VALUES = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null'
]);
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE =
  /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|Inf|INF|infinity|Infinity)$/;
const TRUE = new Set(['True', 'TRUE', 'true']);
const FALSE = new Set(['False', 'FALSE', 'false']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Split text into rows of fields; double quotes protect delimiters and newlines. */
export function splitDelimited(
  text: string,
  delimiter: string,
  path: string
): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) {
    throw new CorruptFileError(path, 'a quoted field is not closed');
  }
  if (field !== '' || row.length > 0) {
    endRow();
  }
  return rows.filter(r => !(r.length === 1 && r[0] === ''));
}

function parseFloatCell(s: string): number {
  const lower = s.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') {
    return Infinity;
  }
  if (lower === '-inf' || lower === '-infinity') {
    return -Infinity;
  }
  return Number(s);
}

/** Type one column of cells like pandas would. */
export function inferColumn(name: string, cells: string[]): IColumn {
  const present = cells.filter(c => !NA_VALUES.has(c));
  const n = cells.length;
  if (present.length === n && n > 0 && present.every(c => INT_RE.test(c))) {
    const big = cells.map(c => BigInt(c));
    if (big.every(b => b >= INT64_MIN && b <= INT64_MAX)) {
      return { name, dtype: 'int64', values: BigInt64Array.from(big) };
    }
  }
  if (
    present.length > 0 &&
    present.every(c => INT_RE.test(c) || FLOAT_RE.test(c))
  ) {
    const values = new Float64Array(n);
    cells.forEach(
      (c, i) => (values[i] = NA_VALUES.has(c) ? NaN : parseFloatCell(c))
    );
    return { name, dtype: 'float64', values };
  }
  if (
    present.length === n &&
    n > 0 &&
    present.every(c => TRUE.has(c) || FALSE.has(c))
  ) {
    return {
      name,
      dtype: 'bool',
      values: Uint8Array.from(cells, c => (TRUE.has(c) ? 1 : 0))
    };
  }
  if (present.length === 0) {
    return { name, dtype: 'float64', values: new Float64Array(n).fill(NaN) };
  }
  return {
    name,
    dtype: 'string',
    values: cells.map(c => (NA_VALUES.has(c) ? null : c))
  };
}

/** Header names as pandas makes them: empty → `Unnamed: i`, duplicates → `name.1`. */
function columnNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const base = h === '' ? `Unnamed: ${i}` : h;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count ? `${base}.${count}` : base;
  });
}

/** Parse a delimited table (header row first). */
export function parseDelimited(
  text: string,
  delimiter: string,
  path: string
): ITable {
  const rows = splitDelimited(text.replace(/^\uFEFF/, ''), delimiter, path);
  if (rows.length === 0) {
    throw new CorruptFileError(path, 'the table has no header row');
  }
  const names = columnNames(rows[0]);
  const body = rows.slice(1);
  body.forEach((r, i) => {
    if (r.length > names.length) {
      throw new CorruptFileError(
        path,
        `row ${i + 2} has ${r.length} fields but the header has ${names.length}`
      );
    }
  });
  const columns = names.map((name, j) =>
    inferColumn(
      name,
      body.map(r => r[j] ?? '')
    )
  );
  return { numRows: body.length, columns, indexColumns: [], metadata: {} };
}

/** Delimiter by ALF extension. */
export const DELIMITERS: Record<string, string> = {
  csv: ',',
  tsv: '\t',
  htsv: '\t',
  ssv: ' '
};
