/**
 * The contract every modality interface (trials, wheel, spike sorting, …)
 * fulfils: declare the ALF datasets it reads, say from dataset records alone
 * whether it can run, then write its part of the NWB file and return the
 * checks of every array it wrote.
 */

/** One ALF dataset an interface reads, e.g. `_ibl_trials.table.pqt` in `alf`. */
export interface IDatasetNeed {
  /** File name or ALF pattern (`*` wildcards), e.g. `_ibl_wheel.position.npy`. */
  name: string;
  collection: string;
  /** Missing optional datasets only drop a column or series. */
  optional?: boolean;
}

export type Availability =
  { available: true } | { available: false; reason: string };

/**
 * What the stored values were compared with, so "equal" means what it says:
 * - `copied`: the values of the source file as read from disk (no transform);
 * - `derived-independent`: a transform, compared with an independent recomputation written
 *   from IBL's definition apart from the transform code (`against` names it);
 * - `derived-unchecked`: a transform compared only with the converter's own output, so
 *   "equal" proves the write and read-back, not the transform: not independently checked.
 */
export type ArrayCheckKind =
  'copied' | 'derived-independent' | 'derived-unchecked';

/** The check of one written array against its source (the fidelity report's unit). */
export interface IArrayCheck {
  /** Source dataset, e.g. `alf/_ibl_trials.table.pqt#choice`. */
  source: string;
  /** NWB object path, e.g. `/intervals/trials/choice`. */
  target: string;
  /** Documented transform when the NWB array is not the source verbatim. */
  transform?: string;
  /**
   * What the stored values were compared with (always set by the fidelity ledger; absent
   * only in reports written before kinds existed, which are read as `derived-unchecked`).
   */
  kind?: ArrayCheckKind;
  /** In words: the file on disk, the named independent recomputation, or the converter's output. */
  against?: string;
  elements: number;
  equal: boolean;
  /** Shape and dtype of the stored dataset, as read back (e.g. [13], `float64`). */
  shape?: number[];
  dtype?: string;
  /** Shape and dtype of the values it was compared with. */
  expectedShape?: number[];
  expectedDtype?: string;
  /** First mismatch or other detail when `equal` is false. */
  detail?: string;
}

/**
 * Rejection of `write()` when the source data turn out to be empty, which only
 * reading them shows: the interface is reported as skipped with this reason
 * (an empty table is never written). Thrown before anything was written.
 */
export class InterfaceSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InterfaceSkipped';
  }
}

/** The skip reason for an empty source dataset (shared wording, contract 6). */
export function noRowsReason(dataset: string): string {
  return `${dataset} has no rows`;
}

/** Progress of one interface's write, 0..1, with bytes when known. */
export type StepProgress = (fraction: number, bytes?: number) => void;

export type { ModalityKind } from './modalityInfo';
import type { ModalityKind } from './modalityInfo';

/**
 * A modality: what it reads, whether the session can give it, and how it is written.
 * `TPlan` is what `datasets()` and `availability()` may look at: the session's dataset
 * records, nothing read and nothing written (so `ibl2nwb info` asks the same question the
 * converter does); `TContext` is the run's context, with the open NWB file.
 */
export interface IModalityInterface<TContext, TPlan = TContext> {
  /** Short stable name used in options and reports: `trials`, `wheel`, `probe00`, … */
  readonly name: string;
  /** Human words for the report, e.g. "Trials table". */
  readonly title: string;
  readonly kind: ModalityKind;
  /** Datasets this interface would read in the given context. */
  datasets(context: TPlan): IDatasetNeed[];
  /** Decide from dataset records only (nothing downloaded yet). */
  availability(context: TPlan): Availability;
  /**
   * What the run must have given before this interface can write, checked just before it
   * runs (after `availability`), e.g. raw ephys needs the electrodes table an earlier
   * interface wrote. Not available here is a skip (or exit 3 when asked for), like
   * `availability`.
   */
  ready?(context: TContext): Availability;
  /** Write into the open NWB file; resolve with the checks of every array written. */
  write(
    context: TContext,
    progress: StepProgress,
    signal: AbortSignal
  ): Promise<IArrayCheck[]>;
}
