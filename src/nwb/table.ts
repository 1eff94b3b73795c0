/**
 * DynamicTable (hdmf-common): `colnames`, `description`, `id`, one VectorData per column,
 * ragged columns as data + unsigned VectorIndex (`target` → data), DynamicTableRegion
 * columns (`table` → target table) and object-reference columns.
 */
import {
  ArraySource,
  IArrayStream,
  isStream,
  normalize,
  writeArray
} from './array';
import { childPath, INwbObject, IWriteContext } from './context';
import { NumericArray, NumericDtype, toTypedArray } from './dtype';
import { NwbWriteError } from './errors';
import type { Dataset, Group } from './h5';
import {
  getGroup,
  getObject,
  markTyped,
  numberAttr,
  refArray,
  refAttr,
  textArray,
  textArrayAttr,
  textAttr
} from './h5';
import {
  flattenNumeric,
  flattenText,
  indexFromLengths,
  IRaggedIndex
} from './ragged';

/** Extra attributes of a column, e.g. `resolution` on spike_times. */
export type ColumnAttrs = Record<
  string,
  string | { value: number; dtype: NumericDtype }
>;

interface IColumnBase {
  name: string;
  description: string;
  attrs?: ColumnAttrs;
}

/** Numeric column; N-d rows via `shape` (first axis = rows). */
export interface INumericColumn extends IColumnBase {
  values: ArraySource;
}
export interface ITextColumn extends IColumnBase {
  text: string[];
}
/** Ragged column: per-row numeric or text arrays, or a stream of flat values with lengths. */
export interface IRaggedColumn extends IColumnBase {
  ragged:
    | { rows: ArrayLike<number>[]; dtype: NumericDtype }
    | { text: string[][] }
    | { lengths: ArrayLike<number>; values: IArrayStream };
}
/** Row indices into another table; ragged when `rows` holds arrays. */
export interface IRegionColumn extends IColumnBase {
  region: { table: INwbObject; rows: number[] | number[][] };
}
/** One object reference per row (e.g. electrodes `group`). */
export interface IReferenceColumn extends IColumnBase {
  references: INwbObject[];
}

export type Column =
  | INumericColumn
  | ITextColumn
  | IRaggedColumn
  | IRegionColumn
  | IReferenceColumn;

export interface ITableSpec {
  name: string;
  description: string;
  columns: Column[];
  /** Row ids; default 0..n-1. */
  ids?: number[];
  neurodataType?: string;
  namespace?: string;
}

/** Writes a table under `parent`; returns the table object. */
export async function writeTable(
  parent: INwbObject,
  spec: ITableSpec
): Promise<INwbObject> {
  const { ctx } = parent;
  const path = childPath(parent.path, spec.name);
  if (spec.columns.length === 0) {
    throw new NwbWriteError(
      ctx.fsPath,
      path,
      'a table needs at least one column'
    );
  }
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(
    group,
    spec.neurodataType ?? 'DynamicTable',
    spec.namespace ?? 'hdmf-common'
  );
  textAttr(group, 'description', spec.description);
  textArrayAttr(
    group,
    'colnames',
    spec.columns.map(c => c.name)
  );
  let rows: number | undefined;
  for (const column of spec.columns) {
    const n = await writeColumn(ctx, group, column);
    if (rows !== undefined && n !== rows) {
      throw new NwbWriteError(
        ctx.fsPath,
        `${path}/${column.name}`,
        `has ${n} rows but earlier columns have ${rows}`
      );
    }
    rows = n;
  }
  const ids = spec.ids ?? Array.from({ length: rows ?? 0 }, (_, i) => i);
  if (ids.length !== rows) {
    throw new NwbWriteError(
      ctx.fsPath,
      `${path}/id`,
      `${ids.length} ids for ${rows} rows`
    );
  }
  const id = await writeArray(ctx, group, 'id', {
    values: ids,
    dtype: 'int64'
  });
  markTyped(id, 'ElementIdentifiers', 'hdmf-common');
  return { ctx, path };
}

/** Writes one column (and its index); returns its number of rows. */
async function writeColumn(
  ctx: IWriteContext,
  table: Group,
  column: Column
): Promise<number> {
  let data: Dataset;
  let rows: number;
  let index: IRaggedIndex | undefined;
  if ('text' in column) {
    data = textArray(table, column.name, column.text);
    rows = column.text.length;
  } else if ('references' in column) {
    const targets = column.references.map(o =>
      getObject(ctx.file, o.path, ctx.fsPath)
    );
    data = refArray(table, column.name, targets);
    rows = targets.length;
  } else if ('region' in column) {
    ({ data, rows, index } = await writeRegion(ctx, table, column));
  } else if ('ragged' in column) {
    ({ data, index } = await writeRaggedData(ctx, table, column));
    rows = index.ends.length;
  } else {
    data = await writeArray(ctx, table, column.name, column.values);
    rows = isStream(column.values)
      ? (data.shape?.[0] ?? 0)
      : normalize(column.values).shape[0];
  }
  if (!('region' in column)) {
    markTyped(data, 'VectorData', 'hdmf-common');
  }
  textAttr(data, 'description', column.description);
  for (const [name, value] of Object.entries(column.attrs ?? {})) {
    if (typeof value === 'string') {
      textAttr(data, name, value);
    } else {
      numberAttr(data, name, value.value, value.dtype);
    }
  }
  if (index) {
    const ds = await writeArray(ctx, table, `${column.name}_index`, {
      values: index.ends,
      dtype: index.dtype
    });
    markTyped(ds, 'VectorIndex', 'hdmf-common');
    textAttr(ds, 'description', `Index for VectorData '${column.name}'`);
    refAttr(ds, 'target', data);
  }
  return rows;
}

async function writeRaggedData(
  ctx: IWriteContext,
  table: Group,
  column: IRaggedColumn
): Promise<{ data: Dataset; index: IRaggedIndex }> {
  const r = column.ragged;
  if ('text' in r) {
    const { data, index } = flattenText(r.text);
    return { data: textArray(table, column.name, data), index };
  }
  if ('rows' in r) {
    const { data, index } = flattenNumeric(r.rows, r.dtype);
    return { data: await writeArray(ctx, table, column.name, data), index };
  }
  const index = indexFromLengths(r.lengths);
  const data = await writeArray(ctx, table, column.name, r.values);
  const written = data.shape?.[0] ?? 0;
  if (written !== index.total) {
    throw new NwbWriteError(
      ctx.fsPath,
      data.path,
      `row lengths add up to ${index.total} but ${written} values were streamed`
    );
  }
  return { data, index };
}

async function writeRegion(
  ctx: IWriteContext,
  table: Group,
  column: IRegionColumn
): Promise<{ data: Dataset; rows: number; index?: IRaggedIndex }> {
  const { rows, table: target } = column.region;
  const ragged = rows.length > 0 && Array.isArray(rows[0]);
  const flat = ragged ? (rows as number[][]).flat() : (rows as number[]);
  const max = flat.reduce((a, b) => Math.max(a, b), 0);
  const values: NumericArray = toTypedArray(
    flat,
    max > 0x7fffffff ? 'int64' : 'int32'
  );
  const data = await writeArray(ctx, table, column.name, values);
  markTyped(data, 'DynamicTableRegion', 'hdmf-common');
  refAttr(data, 'table', getObject(ctx.file, target.path, ctx.fsPath));
  if (!ragged) {
    return { data, rows: rows.length };
  }
  const index = indexFromLengths((rows as number[][]).map(r => r.length));
  return { data, rows: rows.length, index };
}
