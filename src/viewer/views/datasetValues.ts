import type { H5Slice } from '../model/source';
import { formatValue } from '../model/text';

/** Datasets of at most this many values are shown whole. */
export const WHOLE_VALUES = 1000;
/** Rows of a page of a larger dataset. */
export const PAGE_ROWS = 100;
/** Entries kept along each inner dimension of a paged dataset. */
export const INNER_KEPT = 16;

/** Which part of a dataset the inspector reads for one page of values. */
export interface IValuePage {
  /** `undefined`: read the whole dataset (small, or a scalar). */
  readonly slice?: H5Slice;
  /** Index (along the first dimension) of the first row shown. */
  readonly first: number;
  readonly rows: number;
  /** Values per row (the kept inner dimensions, multiplied). */
  readonly perRow: number;
  readonly page: number;
  readonly pages: number;
  /** Inner dimensions are cut to INNER_KEPT entries. */
  readonly innerClipped: boolean;
  readonly scalar: boolean;
}

const product = (dims: number[]) => dims.reduce((n, d) => n * d, 1);

/**
 * The slice of page `page` of a dataset of `shape`, or null when the
 * dataset holds no values (null dataspace, or a 0-length dimension).
 * Small datasets are one page read whole; larger ones are paged along
 * their first dimension, with inner dimensions cut so a page stays small
 * whatever the dataset's size (only the page is read).
 */
export function valuePage(
  shape: number[] | null | undefined,
  page = 0
): IValuePage | null {
  if (!shape) {
    return null;
  }
  if (shape.length === 0) {
    return {
      first: 0,
      rows: 1,
      perRow: 1,
      page: 0,
      pages: 1,
      innerClipped: false,
      scalar: true
    };
  }
  if (product(shape) === 0) {
    return null;
  }
  const inner = shape.slice(1);
  if (product(shape) <= WHOLE_VALUES) {
    return {
      first: 0,
      rows: shape[0],
      perRow: product(inner),
      page: 0,
      pages: 1,
      innerClipped: false,
      scalar: false
    };
  }
  const kept = inner.map(d => Math.min(d, INNER_KEPT));
  const perRow = product(kept);
  const rowsPerPage = Math.max(
    1,
    Math.min(PAGE_ROWS, Math.floor(WHOLE_VALUES / perRow))
  );
  const pages = Math.ceil(shape[0] / rowsPerPage);
  const p = Math.max(0, Math.min(pages - 1, Math.floor(page)));
  const first = p * rowsPerPage;
  const rows = Math.min(rowsPerPage, shape[0] - first);
  return {
    slice: [
      [first, first + rows],
      ...kept.map(d => [0, d] as [number, number])
    ],
    first,
    rows,
    perRow,
    page: p,
    pages,
    innerClipped: kept.some((d, i) => d < inner[i]),
    scalar: false
  };
}

/**
 * `[index, text]` per row of a page read with `valuePage`'s slice:
 * h5wasm returns the values flat, `perRow` to a row.
 */
export function valueRows(
  values: unknown,
  page: IValuePage
): [string, string][] {
  if (page.scalar) {
    return [['value', formatValue(values, WHOLE_VALUES)]];
  }
  const items =
    typeof values === 'string'
      ? [values]
      : Array.isArray(values) || ArrayBuffer.isView(values)
        ? Array.from(values as ArrayLike<unknown>)
        : [values];
  return Array.from({ length: page.rows }, (_, r) => {
    const row =
      page.perRow === 1
        ? items[r]
        : items.slice(r * page.perRow, (r + 1) * page.perRow);
    return [String(page.first + r), formatValue(row, INNER_KEPT ** 2)];
  });
}
