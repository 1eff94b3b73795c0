import type { H5Slice } from '../model/source';
import { asNumber, formatValue } from '../model/text';
import type { ITableColumn, ITableLayout } from './tableColumns';

/** Shown in ragged cells whose index is not a list of offsets. */
export const UNSUPPORTED_INDEX = '(index of region references: not shown)';

/** Ragged cells longer than this are summarised, not read. */
const MAX_RAGGED_VALUES = 20000;

export interface ITablePage {
  readonly ids: string[];
  /** `cells[row][column]`, already formatted for display. */
  readonly cells: string[][];
}

/** Reads a slice of a dataset (the viewer's cancellable read). */
export type SliceReader = (path: string, slice: H5Slice) => Promise<unknown>;

/** Read rows `[start, stop)` of a table: one slice per column (and index). */
export async function readTablePage(
  read: SliceReader,
  layout: ITableLayout,
  start: number,
  stop: number
): Promise<ITablePage> {
  stop = Math.min(stop, layout.rows);
  const rows = Math.max(0, stop - start);
  const ids = layout.idPath
    ? rowsOf(await read(layout.idPath, [[start, stop]]), rows).map(v =>
        formatValue(v)
      )
    : Array.from({ length: rows }, (_, i) => String(start + i));
  const columns = await Promise.all(
    layout.columns.map(c => readColumn(read, c, start, stop))
  );
  const cells = Array.from({ length: rows }, (_, r) =>
    columns.map(col => col[r] ?? '')
  );
  return { ids, cells };
}

async function readColumn(
  read: SliceReader,
  column: ITableColumn,
  start: number,
  stop: number
): Promise<string[]> {
  if (column.indexPaths.length === 0) {
    const values = await read(column.path, [[start, stop]]);
    return rowsOf(values, stop - start, column.shape).map(v =>
      formatValue(v, 6)
    );
  }
  // Ragged: row i spans [index[i-1], index[i]) of the next level down.
  const outer = column.indexPaths[column.indexPaths.length - 1];
  const bounds = await rowBounds(read, outer, start, stop);
  if (!bounds) {
    return Array(stop - start).fill(UNSUPPORTED_INDEX);
  }
  if (column.indexPaths.length > 1) {
    return bounds.map(([a, b]) => `${b - a} items`);
  }
  const first = bounds[0]?.[0] ?? 0;
  const last = bounds[bounds.length - 1]?.[1] ?? 0;
  if (last - first > MAX_RAGGED_VALUES) {
    return bounds.map(([a, b]) => `${b - a} values`);
  }
  const data = last > first ? await read(column.path, [[first, last]]) : [];
  const items = rowsOf(data, last - first, column.shape);
  return bounds.map(([a, b]) =>
    formatValue(items.slice(a - first, b - first), 6)
  );
}

/** `[start, end)` of the rows' values in the data one level down. */
async function rowBounds(
  read: SliceReader,
  indexPath: string,
  start: number,
  stop: number
): Promise<[number, number][] | null> {
  const from = Math.max(0, start - 1);
  const raw = rowsOf(await read(indexPath, [[from, stop]]), stop - from);
  const index = raw.map(v => asNumber(v));
  // MatNWB 2018 wrote VectorIndex as region references: not offsets.
  if (index.some(v => v === undefined)) {
    return null;
  }
  const ends = start === 0 ? [0, ...(index as number[])] : (index as number[]);
  return Array.from(
    { length: stop - start },
    (_, i) => [ends[i], ends[i + 1]] as [number, number]
  );
}

/**
 * Split a flat slice into one value per row (multi-dimensional columns give
 * one sub-array per row).
 */
export function rowsOf(
  values: unknown,
  rows: number,
  shape?: number[] | null
): unknown[] {
  // float32 values widened to float64 print as 0.20000000298023224; show
  // the 7 significant digits float32 actually has.
  if (values instanceof Float32Array) {
    values = Array.from(values, v => Number(v.toPrecision(7)));
  }
  const flat =
    Array.isArray(values) || ArrayBuffer.isView(values)
      ? Array.from(values as ArrayLike<unknown>)
      : [values];
  const width = (shape ?? []).slice(1).reduce((n, d) => n * d, 1);
  if (width === 1 || flat.length === rows) {
    return flat;
  }
  return Array.from({ length: rows }, (_, r) =>
    flat.slice(r * width, (r + 1) * width)
  );
}
