import {
  NumericArray,
  NumericDtype,
  smallestUnsigned,
  toTypedArray
} from './dtype';

/** A VectorIndex: exclusive end offset of each row in the flat data, unsigned as the spec needs. */
export interface IRaggedIndex {
  ends: NumericArray;
  dtype: NumericDtype;
  total: number;
}

/** Row i spans data[ends[i-1] : ends[i]]; empty rows repeat the previous end. */
export function indexFromLengths(lengths: ArrayLike<number>): IRaggedIndex {
  const ends = new Array<number>(lengths.length);
  let total = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i];
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`row ${i} has an invalid length ${n}`);
    }
    total += n;
    ends[i] = total;
  }
  const dtype = smallestUnsigned(total);
  return { ends: toTypedArray(ends, dtype), dtype, total };
}

/** Concatenates numeric rows into one typed array of `dtype`, with their index. */
export function flattenNumeric(
  rows: ArrayLike<number>[],
  dtype: NumericDtype
): { data: NumericArray; index: IRaggedIndex } {
  const index = indexFromLengths(rows.map(r => r.length));
  const flat = new Array<number>(index.total);
  let at = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      flat[at++] = row[i];
    }
  }
  return { data: toTypedArray(flat, dtype), index };
}

/** Concatenates text rows, with their index. */
export function flattenText(rows: string[][]): {
  data: string[];
  index: IRaggedIndex;
} {
  return {
    data: rows.flat(),
    index: indexFromLengths(rows.map(r => r.length))
  };
}
