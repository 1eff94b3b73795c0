/**
 * The fidelity ledger: interfaces record, for every array they write, the
 * values the NWB dataset must hold (source or documented transform). After the
 * file is closed, `verify` reads each dataset back from disk and fills in
 * `equal` / `detail` of the checks the interfaces returned.
 */
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

/** Indexed access to the concatenation of parts, fast for increasing indices. */
class PartsView {
  readonly length: number;
  private part = 0;
  private start = 0;

  constructor(private readonly parts: ArrayLike<number>[]) {
    this.length = parts.reduce((n, p) => n + p.length, 0);
  }

  at(i: number): number {
    if (i < this.start) {
      this.part = 0;
      this.start = 0;
    }
    while (i >= this.start + this.parts[this.part].length) {
      this.start += this.parts[this.part].length;
      this.part++;
    }
    return this.parts[this.part][i - this.start];
  }
}

function view(expected: Expected): {
  length: number;
  at: (i: number) => number | string;
} {
  if ('parts' in expected) {
    return new PartsView(expected.parts);
  }
  return { length: expected.length, at: i => expected[i] };
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
    return Float64Array.from(value, Number);
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

function same(a: number | string, b: number | string, f32: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    const want = f32 ? Math.fround(b) : b;
    return a === want || (Number.isNaN(a) && Number.isNaN(want));
  }
  return a === b;
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
      elements: view(expected).length,
      equal: false,
      detail: 'not verified yet',
      ...(transform ? { transform } : {})
    };
    this.pending.push({ check, expected });
    return check;
  }

  /** Read every recorded dataset back from the closed file and compare. */
  async verify(nwbPath: string): Promise<void> {
    const h5 = await h5Ready();
    const file = new h5.File(nwbPath, 'r');
    try {
      for (const { check, expected } of this.pending) {
        const ds = file.get(check.target);
        if (!(ds instanceof h5.Dataset)) {
          check.detail = `${check.target} is not a dataset in the file`;
          continue;
        }
        compareDataset(ds, check, expected);
      }
      for (const { check, digest } of this.digests) {
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
  const expected = view(values);
  const shape = ds.shape ?? [];
  const total = shape.reduce((a, b) => a * b, 1);
  check.elements = total;
  if (total !== expected.length) {
    check.detail = `${total} values stored, ${expected.length} expected`;
    return;
  }
  const f32 = ds.dtype === '<f';
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = shape[0] ?? 0;
  const step = Math.max(1, Math.floor(SLICE_ELEMENTS / Math.max(1, rowSize)));
  const differs = (part: ArrayLike<number | string>, offset: number) => {
    for (let i = 0; i < part.length; i++) {
      const want = expected.at(offset + i);
      if (!same(part[i], want, f32)) {
        check.detail = `first difference at element ${offset + i}: ${part[i]} stored, ${want} expected`;
        return true;
      }
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
