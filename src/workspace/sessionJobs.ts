/**
 * Which of the server's jobs belong to one session: those started from its
 * workspace, and those whose output follows the naming rule for it
 * (`…_ses-<eid>_…`, src/convert/outputName.ts), so a reloaded tab finds its
 * conversions again. Pure.
 */
import { dandiEntity } from '../convert/outputName';
import type { IJob } from '../sidebar/jobs/api';

export function sessionJobs(
  jobs: readonly IJob[],
  eid: string,
  startedHere: ReadonlySet<string>
): IJob[] {
  const marker = `_ses-${dandiEntity(eid)}_`;
  return jobs.filter(
    job => startedHere.has(job.id) || (job.output ?? '').includes(marker)
  );
}
