/**
 * Assemble the files of one ALF object into a dict of attributes, the way
 * ONE's `alfio.load_object` keys them: `attribute[_timescale][.extra]`;
 * a `table` attribute is expanded into its columns (overriding same-named
 * files) and column pairs `x_0`, `x_1` are re-joined into an (n, 2) array.
 */
import { parseFilename } from './alf';
import { FileContent } from './content';
import { TypedArray } from './dtype';
import { AmbiguousDatasetError } from './errors';
import { INdArray } from './npy';
import { IColumn } from './tables';

/** An attribute value: an array, a string column, or parsed JSON/YAML. */
export type AlfValue =
  | INdArray
  | { dtype: 'string' | 'object'; shape: number[]; data: unknown[] }
  | unknown;

export interface IAlfFile {
  /** File name (or rel_path) of the dataset. */
  name: string;
  content: FileContent;
}

function columnToValue(column: IColumn): AlfValue {
  const n = (column.values as ArrayLike<unknown>).length;
  if (ArrayBuffer.isView(column.values)) {
    return {
      dtype: column.dtype,
      shape: [n],
      data: column.values as TypedArray
    };
  }
  return {
    dtype: column.dtype === 'string' ? 'string' : 'object',
    shape: [n],
    data: column.values as unknown[]
  };
}

/** Interleave two numeric columns into an (n, 2) array. */
function pairColumns(a: IColumn, b: IColumn): AlfValue {
  const x = a.values as ArrayLike<number>;
  const y = b.values as ArrayLike<number>;
  const data = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    data[2 * i] = Number(x[i]);
    data[2 * i + 1] = Number(y[i]);
  }
  return { dtype: 'float64', shape: [x.length, 2], data };
}

function fileValue(content: FileContent): AlfValue {
  switch (content.kind) {
    case 'array':
      return content.array;
    case 'json':
      return content.value;
    case 'table':
      return content.table;
    default:
      return null;
  }
}

/** Build the attribute dict of one object from its loaded files. */
export function assembleObject(
  files: IAlfFile[],
  shortKeys = false
): Record<string, AlfValue> {
  const out: Record<string, AlfValue> = {};
  const tables: [string, FileContent & { kind: 'table' }][] = [];
  for (const file of files) {
    const base = file.name.slice(file.name.lastIndexOf('/') + 1);
    const parts = parseFilename(base);
    if (!parts) {
      continue;
    }
    let key = parts.attribute + (parts.timescale ? `_${parts.timescale}` : '');
    if (!shortKeys && parts.extra) {
      key += `.${parts.extra}`;
    }
    if (key in out) {
      throw new AmbiguousDatasetError(
        key,
        files.map(f => f.name)
      );
    }
    if (parts.attribute === 'table' && file.content.kind === 'table') {
      tables.push([key.slice('table'.length), file.content]);
      continue;
    }
    out[key] = fileValue(file.content);
  }
  // Table columns override attribute files of the same name.
  for (const [suffix, content] of tables) {
    const columns = content.table.columns;
    const byName = new Map(columns.map(c => [c.name, c]));
    for (const column of columns) {
      const pair = /^(.*)_([01])$/.exec(column.name);
      if (pair && byName.has(`${pair[1]}_0`) && byName.has(`${pair[1]}_1`)) {
        if (pair[2] === '0') {
          out[pair[1] + suffix] = pairColumns(
            byName.get(`${pair[1]}_0`)!,
            byName.get(`${pair[1]}_1`)!
          );
        }
        continue;
      }
      out[column.name + suffix] = columnToValue(column);
    }
  }
  expandTimestamps(out);
  return out;
}

function shapeOf(value: AlfValue): number[] | null {
  const v = value as { shape?: unknown; data?: unknown };
  return v && Array.isArray(v.shape) && v.data !== undefined ? v.shape : null;
}

/**
 * ALF's size rule (ONE's `check_dimensions`): first dimensions are equal or 1;
 * `timestamps` may also be a (2, 2) array of (sample, time) sync points.
 */
export function dimensionsConsistent(
  object: Record<string, AlfValue>
): boolean {
  const firsts: number[] = [];
  for (const [key, value] of Object.entries(object)) {
    const shape = shapeOf(value);
    if (!shape || shape.length === 0) {
      continue;
    }
    if (!key.startsWith('timestamps')) {
      firsts.push(shape[0]);
    } else if (shape.length === 1 || (shape.length === 2 && shape[1] === 1)) {
      firsts.push(shape[0]);
    } else if (!(shape.length === 2 && shape[0] === 2 && shape[1] === 2)) {
      return false;
    }
  }
  const max = Math.max(...firsts);
  return firsts.every(n => n === max || n === 1);
}

/** Linear interpolation of (sample, time) sync points at samples 0 … n−1 (numpy's `interp`). */
export function interpolateTimestamps(
  points: ArrayLike<number>,
  n: number
): Float64Array {
  const k = points.length / 2;
  const xs = Array.from({ length: k }, (_, i) => Number(points[2 * i]));
  const ys = Array.from({ length: k }, (_, i) => Number(points[2 * i + 1]));
  const out = new Float64Array(n);
  let j = 0;
  for (let s = 0; s < n; s++) {
    while (j < k - 2 && s > xs[j + 1]) {
      j++;
    }
    if (s <= xs[0]) {
      out[s] = ys[0];
    } else if (s >= xs[k - 1]) {
      out[s] = ys[k - 1];
    } else if (s === xs[j]) {
      out[s] = ys[j];
    } else {
      // Same operation order as numpy.interp, so results are bit-identical.
      const slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j]);
      out[s] = slope * (s - xs[j]) + ys[j];
    }
  }
  return out;
}

/** Expand `timestamps*` sync points to one time per sample, as ONE does when sizes agree. */
function expandTimestamps(object: Record<string, AlfValue>): void {
  const keys = Object.keys(object);
  const stamps = keys.filter(k => k.includes('timestamps'));
  const other = keys.find(
    k => !k.includes('timestamps') && !k.includes('meta')
  );
  const otherShape = other === undefined ? null : shapeOf(object[other]);
  if (stamps.length === 0 || !otherShape || !dimensionsConsistent(object)) {
    return;
  }
  for (const key of stamps) {
    const value = object[key] as INdArray;
    const shape = shapeOf(value);
    if (shape?.length === 2 && shape[1] === 1) {
      object[key] = { ...value, shape: [shape[0]] };
    } else if (shape?.length === 2 && shape[1] === 2) {
      const data = interpolateTimestamps(
        value.data as ArrayLike<number>,
        otherShape[0]
      );
      object[key] = { dtype: 'float64', shape: [otherShape[0]], data };
    }
  }
}
