import { describe, expect, it } from 'vitest';

import type { IJob } from '../../../src/sidebar/jobs/api';
import {
  needsDetails,
  withDetails
} from '../../../src/sidebar/jobs/jobDetails';

const job = (status: IJob['status']): IJob => ({
  id: 'j',
  status,
  step: null,
  title: null,
  fraction: 1,
  error: null,
  output: 'x.nwb'
});

describe('job details', () => {
  it('are wanted for finished jobs not fetched yet, or fetched in another state', () => {
    expect(needsDetails(job('running'), new Map())).toBe(false);
    expect(needsDetails(job('done'), new Map())).toBe(true);
    expect(needsDetails(job('done'), new Map([['j', job('done')]]))).toBe(
      false
    );
    expect(needsDetails(job('failed'), new Map([['j', job('running')]]))).toBe(
      true
    );
  });

  it('bring the report and the error event, but never stale ones', () => {
    const detail = {
      ...job('failed'),
      errorEvent: { message: 'm', dataset: 'alf/x.npy' }
    };
    expect(withDetails(job('failed'), detail).errorEvent?.dataset).toBe(
      'alf/x.npy'
    );
    expect(withDetails(job('running'), detail).errorEvent).toBeUndefined();
  });
});
