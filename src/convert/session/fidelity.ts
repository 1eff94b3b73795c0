/**
 * The fidelity ledger: interfaces record, for every array they write, the
 * values the NWB dataset must hold (source or documented transform). After the
 * file is closed, `verify` reads each dataset back from disk and fills in
 * `equal` / `detail` of the checks the interfaces returned.
 */
import { Buffer } from 'node:buffer';

import { h5Ready } from '../../nwb/h5';
import type { IArrayCheck } from '../modality';
import { SampleDigest } from './digest';

/** Values a dataset must hold; `parts` are written one after the other (e.g. per probe). */
export type Expected =
  ArrayLike<number> | string[] | { parts: ArrayLike<number>[] };

interface IPending {
  check: IArrayCheck;
  expected: Expected;
}

/** A dataset too large to hold: compared by digest, read back in row slices. */
interface IPendingDigest {
  check: IArrayCheck;
  digest: SampleDigest;
}

type Values = ArrayLike<number | string>;

function partsOf(expected: Expected): Values[] {
  return 'parts' in expected ? expected.parts : [expected];
}

function lengthOf(expected: Expected): number {
  return partsOf(expected).reduce((n, p) => n + p.length, 0);
}

/**
 * Index (from `from`) of the first of `n` stored values that differs from the expected one;
 * -1 if none. NaN equals NaN; a float32 dataset holds the float32 rounding of the source.
 */
function firstDifference(
  stored: Values,
  from: number,
  expected: Values,
  at: number,
  n: number,
  f32: boolean
): number {
  if (sameBytes(stored, from, expected, at, n)) {
    return -1;
  }
  if (
    f32 &&
    stored instanceof Float32Array &&
    expected instanceof Float64Array
  ) {
    return firstFloat32Difference(stored, from, expected, at, n);
  }
  for (let i = 0; i < n; i++) {
    const a = stored[from + i];
    let b = expected[at + i];
    if (a === b) {
      continue;
    }
    if (typeof a === 'number' && typeof b === 'number') {
      if (f32) {
        b = Math.fround(b);
        if (a === b) {
          continue;
        }
      }
      if (Number.isNaN(a) && Number.isNaN(b)) {
        continue;
      }
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

/** `firstDifference` of a float32 dataset read back and its float64 source. */
function firstFloat32Difference(
  stored: Float32Array,
  from: number,
  expected: Float64Array,
  at: number,
  n: number
): number {
  for (let i = 0; i < n; i++) {
    const a = stored[from + i];
    const b = Math.fround(expected[at + i]);
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) {
      return from + i;
    }
  }
  return -1;
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
  firstDifference(stored: Values, offset: number, f32: boolean): number {
    let from = 0;
    while (from < stored.length) {
      let part = this.parts[this.part];
      while (offset + from >= this.start + part.length) {
        this.start += part.length;
        part = this.parts[++this.part];
      }
      const at = offset + from - this.start;
      const n = Math.min(stored.length - from, part.length - at);
      const i = firstDifference(stored, from, part, at, n, f32);
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
function flatValues(value: unknown): ArrayLike<number | string> {
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

export class FidelityLedger {
  private readonly pending: IPending[] = [];
  private readonly digests: IPendingDigest[] = [];

  /**
   * Record a streamed dataset by the digest of the values written (fill
   * `digest` while streaming); it is compared with the digest of the stored values.
   */
  expectDigest(
    source: string,
    target: string,
    digest: SampleDigest,
    transform?: string
  ): IArrayCheck {
    const check: IArrayCheck = {
      source,
      target,
      elements: 0,
      equal: false,
      detail: 'not verified yet',
      ...(transform ? { transform } : {})
    };
    this.digests.push({ check, digest });
    return check;
  }

  /** Record the values `target` must hold; returns the check to report. */
  expect(
    source: string,
    target: string,
    expected: Expected,
    transform?: string
  ): IArrayCheck {
    const check: IArrayCheck = {
      source,
      target,
      elements: lengthOf(expected),
      equal: false,
      detail: 'not verified yet',
      ...(transform ? { transform } : {})
    };
    this.pending.push({ check, expected });
    return check;
  }

  /**
   * Read every recorded dataset back from the closed file and compare. `ready(target)`,
   * if given, is awaited before a dataset is read (its chunks may still be on their way
   * into the file, see NWBFile.close).
   */
  async verify(
    nwbPath: string,
    ready?: (target: string) => Promise<void>
  ): Promise<void> {
    const h5 = await h5Ready();
    const file = new h5.File(nwbPath, 'r');
    try {
      for (const { check, expected } of this.pending) {
        await ready?.(check.target);
        const ds = file.get(check.target);
        if (!(ds instanceof h5.Dataset)) {
          check.detail = `${check.target} is not a dataset in the file`;
          continue;
        }
        compareDataset(ds, check, expected);
      }
      for (const { check, digest } of this.digests) {
        await ready?.(check.target);
        const ds = file.get(check.target);
        if (!(ds instanceof h5.Dataset)) {
          check.detail = `${check.target} is not a dataset in the file`;
          continue;
        }
        compareDigest(ds, check, digest);
      }
    } finally {
      file.close();
    }
  }
}

/** Rows read back per slice, so large arrays are compared with bounded memory. */
const SLICE_ELEMENTS = 1 << 20;

type StoredDataset = InstanceType<
  Awaited<ReturnType<typeof h5Ready>>['Dataset']
>;

function compareDataset(
  ds: StoredDataset,
  check: IArrayCheck,
  values: Expected
): void {
  const expected = new ExpectedCursor(partsOf(values));
  const length = lengthOf(values);
  const shape = ds.shape ?? [];
  const total = shape.reduce((a, b) => a * b, 1);
  check.elements = total;
  if (total !== length) {
    check.detail = `${total} values stored, ${length} expected`;
    return;
  }
  const f32 = ds.dtype === '<f';
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = shape[0] ?? 0;
  const step = Math.max(1, Math.floor(SLICE_ELEMENTS / Math.max(1, rowSize)));
  const differs = (part: Values, offset: number) => {
    const i = expected.firstDifference(part, offset, f32);
    if (i >= 0) {
      check.detail = `first difference at element ${offset + i}: ${part[i]} stored, ${expected.at(offset + i)} expected`;
      return true;
    }
    return false;
  };
  if (shape.length === 0) {
    if (differs(flatValues(ds.value), 0)) {
      return;
    }
  }
  for (let row = 0; row < rows && shape.length > 0; row += step) {
    const part = flatValues(ds.slice([[row, Math.min(rows, row + step)]]));
    if (differs(part, row * rowSize)) {
      return;
    }
  }
  check.equal = true;
  delete check.detail;
}

function compareDigest(
  ds: StoredDataset,
  check: IArrayCheck,
  written: SampleDigest
): void {
  const shape = ds.shape ?? [];
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = shape[0] ?? 0;
  const step = Math.max(1, Math.floor(SLICE_ELEMENTS / Math.max(1, rowSize)));
  const stored = new SampleDigest();
  for (let row = 0; row < rows; row += step) {
    stored.update(
      ds.slice([[row, Math.min(rows, row + step)]]) as ArrayLike<number>
    );
  }
  check.elements = stored.count;
  if (stored.value === written.value) {
    check.equal = true;
    delete check.detail;
  } else {
    check.detail = `digest of the stored values ${stored.value} differs from the source's ${written.value}`;
  }
}
