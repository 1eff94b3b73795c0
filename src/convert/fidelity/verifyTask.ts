/**
 * One piece of the read-back check: a range of rows of one dataset, compared with the values
 * it must hold or digested. Pieces run on the main thread or on the read-back worker.
 */
import type { Dataset, H5File } from '../../nwb/h5';
import {
  compareRows,
  digestRows,
  type IDifference,
  type Values
} from './compare';
import type { ISegmentDigest } from './digest';

export type VerifyTask =
  | {
      kind: 'rows';
      target: string;
      from: number;
      to: number;
      /** The values of exactly rows `from` to `to`, in parts. */
      expected: Values[];
    }
  | { kind: 'digest'; target: string; from: number; to: number };

/** What the read-back worker is sent: a piece, or `close` (its file) before it stops. */
export type VerifyMessage = VerifyTask | { kind: 'close' };

export type VerifyResult =
  | { kind: 'rows'; difference?: IDifference }
  | { kind: 'digest'; segment: ISegmentDigest };

/** Runs `task` on `file` (open for reading); the caller checked that the target is a dataset. */
export function runTask(file: H5File, task: VerifyTask): VerifyResult {
  const ds = file.get(task.target) as Dataset;
  if (task.kind === 'rows') {
    const difference = compareRows(ds, task.from, task.to, task.expected);
    return difference ? { kind: 'rows', difference } : { kind: 'rows' };
  }
  return { kind: 'digest', segment: digestRows(ds, task.from, task.to) };
}
