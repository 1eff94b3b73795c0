/**
 * The written file does not hold what it must: some arrays read back differ from their source
 * (or from the independent recomputation of a derived column). The conversion fails and the
 * file is not kept under its final name; the checks say which arrays and where.
 */
import type { IArrayCheck } from '../modality';
import type { IConversionReport } from '../report';
import { DatasetContentError } from '../session/errors';

export class FidelityMismatchError extends DatasetContentError {
  /** The conversion's report (status `failed`, every check filled in), set by convertSession. */
  report?: IConversionReport;

  constructor(readonly mismatches: IArrayCheck[]) {
    const first = mismatches[0];
    const more =
      mismatches.length > 1
        ? ` (and ${mismatches.length - 1} more array${mismatches.length > 2 ? 's' : ''}: ${mismatches
            .slice(1, 4)
            .map(c => c.target)
            .join(', ')}${mismatches.length > 4 ? ', …' : ''})`
        : '';
    super(
      first.source,
      `${first.target} read back from the written file differs from ${first.against ?? 'its source'}: ${first.detail ?? 'values differ'}${more}`,
      'The file was not kept. If the source file is intact (the cache checks its size and md5), this is a converter bug: report it with the session id; meanwhile convert without this modality (--modalities).'
    );
    this.name = 'FidelityMismatchError';
  }
}
