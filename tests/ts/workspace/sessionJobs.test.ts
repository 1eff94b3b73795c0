/** A session workspace lists the jobs started from it and those named for its session. */
import { describe, expect, it } from 'vitest';

import type { IJob } from '../../../src/sidebar/jobs/api';
import { sessionJobs } from '../../../src/workspace/sessionJobs';

const EID = '2b7095e9-77a5-4f93-95f7-e22949bffc4e';
const OTHER = '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1';

function job(id: string, output: string | null): IJob {
  return {
    id,
    status: 'done',
    step: null,
    title: null,
    fraction: 1,
    error: null,
    output
  };
}

describe('sessionJobs', () => {
  const jobs = [
    job('1', `nwb/sub-KS074/sub-KS074_ses-${EID}_desc-processed_behavior.nwb`),
    job('2', `nwb/sub-ZFM/sub-ZFM_ses-${OTHER}_desc-processed_behavior.nwb`),
    job('3', 'elsewhere/my-name.nwb'),
    // The eid inside another word is not this session's file.
    job('4', `nwb/${EID}.nwb`)
  ];

  it('finds the session’s files by the naming rule, and the jobs started here', () => {
    expect(sessionJobs(jobs, EID, new Set()).map(j => j.id)).toEqual(['1']);
    expect(sessionJobs(jobs, EID, new Set(['3'])).map(j => j.id)).toEqual([
      '1',
      '3'
    ]);
    expect(sessionJobs(jobs, OTHER, new Set()).map(j => j.id)).toEqual(['2']);
  });
});
