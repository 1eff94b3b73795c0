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

/** Times that position data in the session clock must all be finite. */
export function requireFinite(
  values: ArrayLike<number>,
  dataset: string,
  what = 'a time'
): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new DatasetContentError(
        dataset,
        `${what} is required at every row but row ${i} is ${values[i]}`
      );
    }
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
