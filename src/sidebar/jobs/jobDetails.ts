/**
 * GET /jobs lists compact summaries (no report, no error details); a finished
 * job's details are fetched once and kept. Pure: which jobs need details, and
 * how a summary and its details make the job the sidebar shows.
 */
import type { IJob } from './api';

/** A finished job whose report or error details are not fetched yet. */
export function needsDetails(
  job: IJob,
  details: ReadonlyMap<string, IJob>
): boolean {
  if (job.status !== 'done' && job.status !== 'failed') {
    return false;
  }
  const known = details.get(job.id);
  // A record that changed since (e.g. a restart's sweep) is fetched again.
  return known === undefined || known.status !== job.status;
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
    stderr: detail.stderr
  };
}
