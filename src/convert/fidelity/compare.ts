/**
 * Compares stored values read back with h5wasm against the values a dataset must hold, one
 * range of rows at a time. The same code runs on the main thread and on the read-back worker
 * (verifyWorker.ts), so a range gives the same verdict whichever thread reads it.
 */
import { Buffer } from 'node:buffer';

import type { Dataset } from '../../nwb/h5';
import { SampleDigest, type ISegmentDigest } from './digest';
import { readRows } from '../session/readRows';

export type Values = ArrayLike<number | string>;

/** Rows read back per slice, so large arrays are compared with bounded memory. */
export const SLICE_ELEMENTS = 1 << 20;

/** Rows of `shape` read per slice. */
export function sliceRows(shape: number[]): number {
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  return Math.max(1, Math.floor(SLICE_ELEMENTS / Math.max(1, rowSize)));
}

/** The first stored value that differs from the expected one, and the report's sentence. */
export interface IDifference {
  /** Element index in the whole dataset. */
  at: number;
  detail: string;
}

/**
 * Index (from `from`) of the first of `n` stored values that differs from the expected one;
 * -1 if none. NaN equals NaN. Values must be equal exactly: a float32 dataset holds a float64
 * source only where every value is a float32 (the source was float32, widened on reading);
 * rounding is never taken for equality (the ledger also refuses the narrower dtype).
 */
function firstDifference(
  stored: Values,
  from: number,
  expected: Values,
  at: number,
  n: number
): number {
  if (sameBytes(stored, from, expected, at, n)) {
    return -1;
  }
  for (let i = 0; i < n; i++) {
    const a = stored[from + i];
    const b = expected[at + i];
    if (a === b) {
      continue;
    }
    if (
      typeof a === 'number' &&
      typeof b === 'number' &&
      Number.isNaN(a) &&
      Number.isNaN(b)
    ) {
      continue;
    }
    return from + i;
  }
  return -1;
}

/**
 * Whether `n` values of two typed arrays of the same type are bit for bit equal (a memcmp):
 * then they are equal as values too. Different bits may still be equal values (NaN
 * payloads, -0 and 0), which the value comparison decides.
 */
function sameBytes(
  stored: Values,
  from: number,
  expected: Values,
  at: number,
  n: number
): boolean {
  if (
    !ArrayBuffer.isView(stored) ||
    !ArrayBuffer.isView(expected) ||
    stored.constructor !== expected.constructor
  ) {
    return false;
  }
  const a = stored as unknown as Float64Array;
  const b = expected as unknown as Float64Array;
  const size = a.BYTES_PER_ELEMENT;
  return Buffer.from(a.buffer, a.byteOffset + from * size, n * size).equals(
    Buffer.from(b.buffer, b.byteOffset + at * size, n * size)
  );
}

/**
 * Walks the expected values (one array or parts written one after the other) alongside
 * the stored values read back slice by slice, fast for increasing offsets.
 */
class ExpectedCursor {
  private part = 0;
  private start = 0;

  constructor(private readonly parts: Values[]) {}

  /** Index in `stored` of the first difference from the expected values at `offset`. */
  firstDifference(stored: Values, offset: number): number {
    let from = 0;
    while (from < stored.length) {
      let part = this.parts[this.part];
      while (offset + from >= this.start + part.length) {
        this.start += part.length;
        part = this.parts[++this.part];
      }
      const at = offset + from - this.start;
      const n = Math.min(stored.length - from, part.length - at);
      const i = firstDifference(stored, from, part, at, n);
      if (i >= 0) {
        return i;
      }
      from += n;
    }
    return -1;
  }

  at(i: number): number | string {
    let start = 0;
    for (const part of this.parts) {
      if (i < start + part.length) {
        return part[i - start];
      }
      start += part.length;
    }
    return NaN;
  }
}

/** Stored values as numbers or strings (int64 comes back as bigint). */
export function flatValues(value: unknown): ArrayLike<number | string> {
  if (typeof value === 'string' || typeof value === 'number') {
    return [value];
  }
  if (typeof value === 'bigint') {
    return [Number(value)];
  }
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      out[i] = Number(value[i]);
    }
    return out;
  }
  if (ArrayBuffer.isView(value)) {
    return value as unknown as ArrayLike<number>;
  }
  if (Array.isArray(value)) {
    return value
      .flat(Infinity)
      .map(v => (typeof v === 'bigint' ? Number(v) : (v as number | string)));
  }
  return [];
}

/**
 * The first difference of `stored` (at element `offset` of the expected values) from
 * `expected`; `base` is where the expected values start in the whole dataset.
 */
function differenceIn(
  stored: Values,
  offset: number,
  expected: ExpectedCursor,
  base = 0
): IDifference | undefined {
  const i = expected.firstDifference(stored, offset);
  if (i < 0) {
    return undefined;
  }
  const at = base + offset + i;
  return {
    at,
    detail: `first difference at element ${at}: ${stored[i]} stored, ${expected.at(offset + i)} expected`
  };
}

/** A scalar dataset against its one expected value. */
export function compareScalar(
  ds: Dataset,
  expected: Values[]
): IDifference | undefined {
  return differenceIn(flatValues(ds.value), 0, new ExpectedCursor(expected));
}

/**
 * Rows `from` to `to` of `ds` against `expected`, the values of exactly those rows (in
 * parts), read back in slices of `sliceRows` rows counted from `from`.
 */
export function compareRows(
  ds: Dataset,
  from: number,
  to: number,
  expected: Values[]
): IDifference | undefined {
  const shape = ds.shape ?? [];
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const step = sliceRows(shape);
  const cursor = new ExpectedCursor(expected);
  for (let row = from; row < to; row += step) {
    // A view on the wasm heap: compared now, before the next read reuses it.
    const part = readRows(ds, row, Math.min(to, row + step));
    const offset = (row - from) * rowSize;
    // Positions in the whole dataset, as the report states them.
    const difference = differenceIn(part, offset, cursor, from * rowSize);
    if (difference) {
      return difference;
    }
  }
  return undefined;
}

/** The digest of rows `from` to `to` of `ds`, as a segment to append to the ones before. */
export function digestRows(
  ds: Dataset,
  from: number,
  to: number
): ISegmentDigest {
  const step = sliceRows(ds.shape ?? []);
  const digest = SampleDigest.segment();
  for (let row = from; row < to; row += step) {
    digest.update(
      readRows(ds, row, Math.min(to, row + step)) as ArrayLike<number>
    );
  }
  return digest.state;
}
