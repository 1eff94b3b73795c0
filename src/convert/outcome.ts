/**
 * Conversions that ran without a data error but cannot give the user what was asked: a
 * modality asked for explicitly that this session cannot provide, or a run that would write
 * nothing at all. Both are "not available" (exit 3), never a success with an empty file.
 */
import type { IConversionReport } from './report';

export class ModalityNotAvailableError extends Error {
  constructor(
    readonly report: IConversionReport,
    /** Each modality asked for that cannot be written, with the reason. */
    readonly missing: { name: string; reason: string }[]
  ) {
    super(
      `${missing.map(m => `${m.name} cannot be written: ${m.reason}`).join('; ')}. ` +
        'No NWB file was written.'
    );
    this.name = 'ModalityNotAvailableError';
  }

  readonly advice =
    'Leave it out of --modalities (or drop --raw / --video), or download its datasets first.';
}

export class NothingWrittenError extends Error {
  constructor(readonly report: IConversionReport) {
    const skipped = report.interfaces
      .filter(i => i.status === 'skipped')
      .map(i => `${i.name} (${i.reason})`);
    super(
      `no modality of ${report.eid} could be written` +
        (skipped.length > 0 ? `: skipped ${skipped.join(', ')}` : '') +
        '. No NWB file was written.'
    );
    this.name = 'NothingWrittenError';
  }

  readonly advice =
    'Check the session id and the cache folder (ibl2nwb info lists its datasets), or download the session first.';
}

/** The written file did not read back as written: the file was removed. */
export class VerifyFailedError extends Error {
  constructor(
    readonly output: string,
    cause: unknown
  ) {
    super(
      `${output}: reading the written arrays back failed (${cause instanceof Error ? cause.message : String(cause)}); the file was removed`,
      { cause }
    );
    this.name = 'VerifyFailedError';
  }
}
