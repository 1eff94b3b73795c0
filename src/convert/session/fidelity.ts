/**
 * The fidelity ledger: interfaces record, for every array they write, the
 * values the NWB dataset must hold (source or documented transform). After the
 * file is closed, `verify` reads each dataset back from disk and fills in
 * `equal` / `detail` of the checks the interfaces returned.
 */
import { h5Ready, type Dataset } from '../../nwb/h5';
import type { IArrayCheck } from '../modality';
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

/** Read-back slices per piece of work handed to a thread. */
const SLICES_PER_PIECE = 4;

function partsOf(expected: Expected): Values[] {
  return 'parts' in expected ? expected.parts : [expected];
}

function lengthOf(expected: Expected): number {
  return partsOf(expected).reduce((n, p) => n + p.length, 0);
}

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
  /** Cancels the check between pieces (it then throws the signal's reason). */
  signal?: AbortSignal;
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
   * Read every recorded dataset back from the closed file and compare. Datasets are cut
   * into pieces of rows that this thread and the worker take in turn; a dataset's verdict
   * (its first difference) is the same as if it had been read whole, in order.
   */
  async verify(nwbPath: string, options: IVerifyOptions = {}): Promise<void> {
    const ready = options.ready ?? (() => Promise.resolve());
    const h5 = await h5Ready();
    const file = new h5.File(nwbPath, 'r');
    let helper: VerifyHelper | undefined;
    const dataset = (check: IArrayCheck): Dataset | undefined => {
      const ds = file.get(check.target);
      if (ds instanceof h5.Dataset) {
        return ds;
      }
      check.detail = `${check.target} is not a dataset in the file`;
      return undefined;
    };
    try {
      if (
        options.worker !== false &&
        this.pending.length + this.digests.length > 0
      ) {
        helper = new VerifyHelper(nwbPath);
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
        ...this.digests.map(({ check, digest }) =>
          ready(check.target).then(() => {
            const ds = dataset(check);
            return ds && compareDigest(ds, check, digest, queue);
          })
        )
      ];
      await queue.drain(Promise.all(checks));
    } finally {
      file.close();
      await helper?.close();
    }
  }
}

async function compareDataset(
  ds: Dataset,
  check: IArrayCheck,
  values: Expected,
  queue: VerifyQueue
): Promise<void> {
  const length = lengthOf(values);
  const shape = ds.shape ?? [];
  const total = shape.reduce((a, b) => a * b, 1);
  check.elements = total;
  if (total !== length) {
    check.detail = `${total} values stored, ${length} expected`;
    return;
  }
  const parts = partsOf(values);
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
  queue: VerifyQueue
): Promise<void> {
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
