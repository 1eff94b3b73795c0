/** Errors about a dataset's content that the converter detects (not file-format errors). */

export class DatasetContentError extends Error {
  constructor(
    readonly dataset: string,
    problem: string,
    advice = 'The dataset is inconsistent: re-download it or pick another revision, or leave this modality out (--modalities).'
  ) {
    super(`${dataset}: ${problem}. ${advice}`);
    this.name = 'DatasetContentError';
  }
}

/** A content error at one row of a dataset (0-based), for the CLI's structured error. */
export class DatasetRowError extends DatasetContentError {
  constructor(
    dataset: string,
    readonly row: number,
    problem: string,
    advice?: string
  ) {
    super(dataset, problem, advice);
  }
}

/** Times that position data in the session clock must all be finite. */
export function requireFinite(
  values: ArrayLike<number>,
  dataset: string,
  what = 'a time'
): void {
  const i =
    values instanceof Float64Array
      ? firstNonFiniteF64(values)
      : firstNonFinite(values);
  if (i >= 0) {
    throw new DatasetRowError(
      dataset,
      i,
      `${what} is required at every row but row ${i} is ${values[i]}`
    );
  }
}

// The checks below run on every time array of a session (26 M spike times in the
// benchmark). Called with arrays of many types, one loop's element reads go megamorphic
// (several times slower); float64 arrays, nearly all of them, get a loop of their own.

function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      return i;
    }
  }
  return -1;
}

function firstNonFiniteF64(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      return i;
    }
  }
  return -1;
}

/** The first row whose value is smaller than the one before it, or -1 when none is. */
export function firstDescendingRow(values: ArrayLike<number>): number {
  if (values instanceof Float64Array) {
    return firstDescendingF64(values);
  }
  for (let i = 1; i < values.length; i++) {
    if (values[i] < values[i - 1]) {
      return i;
    }
  }
  return -1;
}

function firstDescendingF64(values: Float64Array): number {
  for (let i = 1; i < values.length; i++) {
    if (values[i] < values[i - 1]) {
      return i;
    }
  }
  return -1;
}

/**
 * Times must never go backwards: NWB requires ascending timestamps and spike
 * times (nwbinspector reports anything else as CRITICAL), and a reader that
 * searches them (e.g. for a time window) gets wrong rows otherwise. Equal
 * neighbours are allowed. For spikes they are real: two clusters can fire at
 * the same sample. Wheel and camera timestamps are meant to increase strictly,
 * and IBL's own QC (ibllib's wheel-integrity and camera-timestamp checks) flags
 * those that do not; but that verdict is recorded in the session's QC, and a
 * repeated timestamp converts losslessly (NWB accepts it, interpolation and
 * search stay well defined), so refusing it would turn a QC flag into a failed
 * conversion. A time that goes backwards has no such reading: it is damage.
 * NaN is left to requireFinite.
 */
export function requireAscending(
  values: ArrayLike<number>,
  dataset: string,
  what = 'times',
  advice?: string
): void {
  const row = firstDescendingRow(values);
  if (row >= 0) {
    throw new DatasetRowError(
      dataset,
      row,
      `${what} must be in ascending order but row ${row} (${values[row]}) is earlier than row ${row - 1} (${values[row - 1]})`,
      advice
    );
  }
}

/** Two per-item datasets of one ALF object must have the same length. */
export function requireSameLength(
  a: { dataset: string; length: number },
  b: { dataset: string; length: number }
): void {
  if (a.length !== b.length) {
    throw new DatasetContentError(
      `${a.dataset} / ${b.dataset}`,
      `lengths differ (${a.length} vs ${b.length}) although they describe the same items`
    );
  }
}
