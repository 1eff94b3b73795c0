/**
 * GET /jobs lists compact summaries (no report, no error details, no
 * findings); a finished job's details are fetched once, and again when one of
 * its validations changes state. Pure: which jobs need details, and how a
 * summary and its details make the job the sidebar shows.
 */
import type { IJob } from './api';
import type { IValidation } from './validation';

/** Which validations a job has, in which state. */
function validationState(job: IJob): string {
  return (job.validations ?? []).map(v => `${v.id}:${v.status}`).join(',');
}

/** A finished job whose report or error details are not fetched yet. */
export function needsDetails(
  job: IJob,
  details: ReadonlyMap<string, IJob>
): boolean {
  if (job.status !== 'done' && job.status !== 'failed') {
    return false;
  }
  const known = details.get(job.id);
  // A record that changed since (e.g. a restart's sweep, or a validation
  // that started or ended) is fetched again.
  return (
    known === undefined ||
    known.status !== job.status ||
    validationState(known) !== validationState(job)
  );
}

/** The summary's validation (live state and counts), with the findings of
 * the detail's if it is in the same state. */
function validationWithDetails(
  summary: IValidation,
  detail: IJob
): IValidation {
  const known = detail.validations?.find(v => v.id === summary.id);
  return known && known.status === summary.status
    ? { ...known, ...summary }
    : summary;
}

/** The summary's live fields, with the report and error details of `detail`. */
export function withDetails(job: IJob, detail: IJob | undefined): IJob {
  if (detail === undefined || detail.status !== job.status) {
    return job;
  }
  return {
    ...job,
    report: detail.report ?? null,
    errorEvent: detail.errorEvent ?? null,
    stderr: detail.stderr,
    validations: job.validations?.map(v => validationWithDetails(v, detail))
  };
}
