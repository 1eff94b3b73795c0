/**
 * The fidelity ledger: interfaces record, for every array they write, the
 * values the NWB dataset must hold and what those values are (the source file's
 * own values, an independent recomputation, or the converter's own transform
 * output). After the file is closed, `verify` reads each dataset back from disk
 * and fills in `equal` / `detail`, shape and dtype of the checks the interfaces returned.
 */
import type { IWorkerEntry } from '../../node/workerEntry';
import { h5Ready, type Dataset } from '../../nwb/h5';
import type { ArrayCheckKind, IArrayCheck } from '../modality';
import { dtypeProblem, storedDtype } from './dtypes';
import { FidelityMismatchError } from './mismatchError';
import { resolveExpected, type Expected, type IResolved } from './expected';
import {
  compareScalar,
  sliceRows,
  type IDifference,
  type Values
} from './compare';
import { SampleDigest } from './digest';
import { VerifyHelper } from './verifyHelper';
import { VerifyQueue } from './verifyQueue';
import { runTask } from './verifyTask';

export { Recomputed, type Expected } from './expected';
export { FidelityMismatchError } from './mismatchError';

interface IPending {
  check: IArrayCheck;
  expected: IResolved;
}

/** A dataset too large to hold: compared by digest, read back in row slices. */
interface IPendingDigest {
  check: IArrayCheck;
  digest: SampleDigest;
  shape?: number[];
}

/** How a digest check describes what its digest was taken of. */
export interface IDigestOf {
  /** What the digest was computed on while streaming, e.g. "our mtscomp decode". */
  of: string;
  /** Shape the stored dataset must have, e.g. [samples, channels]. */
  shape?: number[];
}

/** The kind of a check and, in words, what its expected values are. */
function kindOf(
  transform: string | undefined,
  recomputation: string | undefined
): { kind: ArrayCheckKind; against: string } {
  if (recomputation) {
    return {
      kind: 'derived-independent',
      against: `independent recomputation: ${recomputation}`
    };
  }
  if (transform) {
    return {
      kind: 'derived-unchecked',
      against:
        "the converter's own transform output (not independently checked)"
    };
  }
  return { kind: 'copied', against: 'the source values as read from disk' };
}

/** Read-back slices per piece of work handed to a thread. */
const SLICES_PER_PIECE = 4;

/** The expected values from element `from` to `to`, as views (typed arrays) or copies. */
function expectedRange(parts: Values[], from: number, to: number): Values[] {
  const out: Values[] = [];
  let start = 0;
  for (const part of parts) {
    const end = start + part.length;
    if (end > from && start < to) {
      const a = Math.max(from, start) - start;
      const b = Math.min(to, end) - start;
      out.push(
        ArrayBuffer.isView(part)
          ? (part as unknown as Float64Array).subarray(a, b)
          : Array.prototype.slice.call(part, a, b)
      );
    }
    start = end;
  }
  return out;
}

/** Row ranges of a dataset of `shape`, each a few read-back slices long. */
function rowPieces(shape: number[]): [number, number][] {
  const rows = shape.length > 0 ? shape[0] : 0;
  const step = sliceRows(shape) * SLICES_PER_PIECE;
  const pieces: [number, number][] = [];
  for (let row = 0; row < rows; row += step) {
    pieces.push([row, Math.min(rows, row + step)]);
  }
  return pieces;
}

export interface IVerifyOptions {
  /**
   * `ready(target)` is awaited before a dataset is read (its chunks may still be on their
   * way into the file, see NWBFile.close).
   */
  ready?: (target: string) => Promise<void>;
  /** Read about half of the pieces back on a worker thread with its own h5wasm (default). */
  worker?: boolean;
  /** That worker's code (default the read-back worker; tests give one that dies). */
  workerEntry?: IWorkerEntry;
  /**
   * A read-back worker already started on this file (VerifyHelper.warm), used instead of a
   * new one; closed by verify like its own.
   */
  helper?: VerifyHelper;
  /** Cancels the check between pieces (it then throws the signal's reason). */
  signal?: AbortSignal;
  /**
   * Throw a FidelityMismatchError when any array differs (default); `false` only fills in
   * the checks (tests that look at several mismatches at once).
   */
  failOnMismatch?: boolean;
}

export class FidelityLedger {
  private readonly pending: IPending[] = [];
  private readonly digests: IPendingDigest[] = [];

  /**
   * Record a streamed dataset by the digest of the values written (fill `digest` while
   * streaming); it is compared with the digest of the stored values. Such a check proves
   * the write and read-back of what was streamed, not how it was computed: it is
   * `derived-unchecked` and says what the digest was taken of (`digestOf.of`).
   */
  expectDigest(
    source: string,
    target: string,
    digest: SampleDigest,
    transform: string | undefined,
    digestOf: IDigestOf
  ): IArrayCheck {
    const check: IArrayCheck = {
      source,
      target,
      kind: 'derived-unchecked',
      against: `digest of ${digestOf.of} (not independently checked)`,
      elements: 0,
      equal: false,
      detail: 'not verified yet',
      ...(transform ? { transform } : {}),
      ...(digestOf.shape ? { expectedShape: digestOf.shape } : {})
    };
    this.digests.push({ check, digest, shape: digestOf.shape });
    return check;
  }

  /**
   * Record the values `target` must hold; returns the check to report. Without a
   * `transform` they must be the source's values as read from disk (`copied`); with one,
   * the check is `derived-independent` if `expected` is a `Recomputed`, else
   * `derived-unchecked`.
   */
  expect(
    source: string,
    target: string,
    expected: Expected,
    transform?: string
  ): IArrayCheck {
    const resolved = resolveExpected(expected);
    const check: IArrayCheck = {
      source,
      target,
      ...kindOf(transform, resolved.recomputation),
      elements: resolved.parts.reduce((n, p) => n + p.length, 0),
      equal: false,
      expectedShape: resolved.shape,
      expectedDtype: resolved.dtype,
      detail: 'not verified yet',
      ...(transform ? { transform } : {})
    };
    this.pending.push({ check, expected: resolved });
    return check;
  }

  /**
   * Read every recorded dataset back from the closed file and compare. Datasets are cut
   * into pieces of rows that this thread and the worker take in turn; a dataset's verdict
   * (its first difference) is the same as if it had been read whole, in order.
   */
  async verify(nwbPath: string, options: IVerifyOptions = {}): Promise<void> {
    const ready = options.ready ?? (() => Promise.resolve());
    const h5 = await h5Ready();
    const file = new h5.File(nwbPath, 'r');
    let helper: VerifyHelper | undefined = options.helper;
    const dataset = (check: IArrayCheck): Dataset | undefined => {
      const ds = file.get(check.target);
      if (ds instanceof h5.Dataset) {
        return ds;
      }
      check.detail = `${check.target} is not a dataset in the file`;
      return undefined;
    };
    try {
      if (options.worker === false) {
        await helper?.close();
        helper = undefined;
      } else if (!helper && this.pending.length + this.digests.length > 0) {
        helper = new VerifyHelper(nwbPath, options.workerEntry);
      }
      const queue = new VerifyQueue(
        task => runTask(file, task),
        helper,
        options.signal
      );
      // Each dataset as soon as it is complete in the file, not in ledger order.
      const checks = [
        ...this.pending.map(({ check, expected }) =>
          ready(check.target).then(() => {
            const ds = dataset(check);
            return ds && compareDataset(ds, check, expected, queue);
          })
        ),
        ...this.digests.map(({ check, digest, shape }) =>
          ready(check.target).then(() => {
            const ds = dataset(check);
            return ds && compareDigest(ds, check, digest, shape, queue);
          })
        )
      ];
      await queue.drain(Promise.all(checks));
    } finally {
      file.close();
      await helper?.close();
    }
    // A file that does not hold what it must is never "done" (the caller removes it).
    const mismatches = [
      ...this.pending.map(p => p.check),
      ...this.digests.map(d => d.check)
    ].filter(check => !check.equal);
    if (mismatches.length > 0 && options.failOnMismatch !== false) {
      throw new FidelityMismatchError(mismatches);
    }
  }
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Why the stored layout differs from the expected one (shape, then dtype), if it does. */
function layoutProblem(
  shape: number[],
  dtype: string,
  expected: IResolved
): string | undefined {
  if (!sameShape(shape, expected.shape)) {
    return `shape (${shape.join(', ')}) stored, (${expected.shape.join(', ')}) expected`;
  }
  return dtypeProblem(dtype, expected.dtype);
}

async function compareDataset(
  ds: Dataset,
  check: IArrayCheck,
  expected: IResolved,
  queue: VerifyQueue
): Promise<void> {
  const shape = ds.shape ?? [];
  const total = shape.reduce((a, b) => a * b, 1);
  check.elements = total;
  check.shape = shape;
  check.dtype = storedDtype(ds);
  const length = expected.parts.reduce((n, p) => n + p.length, 0);
  if (total !== length) {
    check.detail = `${total} values stored, ${length} expected`;
    return;
  }
  const layout = layoutProblem(shape, check.dtype, expected);
  if (layout) {
    check.detail = layout;
    return;
  }
  const parts = expected.parts;
  let difference: IDifference | undefined;
  if (shape.length === 0) {
    difference = compareScalar(ds, parts);
  } else {
    const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
    const results = await Promise.all(
      rowPieces(shape).map(([from, to]) =>
        queue.run({
          kind: 'rows',
          target: check.target,
          from,
          to,
          expected: expectedRange(parts, from * rowSize, to * rowSize)
        })
      )
    );
    // The first difference of the dataset is that of the first piece with one.
    difference = results
      .map(r => (r.kind === 'rows' ? r.difference : undefined))
      .find(d => d !== undefined);
  }
  if (difference) {
    check.detail = difference.detail;
    return;
  }
  check.equal = true;
  delete check.detail;
}

async function compareDigest(
  ds: Dataset,
  check: IArrayCheck,
  written: SampleDigest,
  shape: number[] | undefined,
  queue: VerifyQueue
): Promise<void> {
  check.shape = ds.shape ?? [];
  check.dtype = storedDtype(ds);
  if (shape && !sameShape(check.shape, shape)) {
    check.detail = `shape (${check.shape.join(', ')}) stored, (${shape.join(', ')}) expected`;
    return;
  }
  const segments = await Promise.all(
    rowPieces(ds.shape ?? []).map(([from, to]) =>
      queue.run({ kind: 'digest', target: check.target, from, to })
    )
  );
  // Joined in row order: the digest is order-sensitive.
  const stored = new SampleDigest();
  for (const result of segments) {
    if (result.kind === 'digest') {
      stored.append(result.segment);
    }
  }
  check.elements = stored.count;
  if (stored.value === written.value) {
    check.equal = true;
    delete check.detail;
  } else {
    check.detail = `digest of the stored values ${stored.value} differs from the source's ${written.value}`;
  }
}
