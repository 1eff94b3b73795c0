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

  it('are fetched again when a validation of the job changes state, and bring its findings', () => {
    const counts = {
      CRITICAL: 1,
      BEST_PRACTICE_VIOLATION: 0,
      BEST_PRACTICE_SUGGESTION: 0
    };
    const v = (status: 'running' | 'done') => ({
      id: 'v1',
      path: 'x.nwb',
      status,
      step: null,
      counts
    });
    const finding = {
      importance: 'CRITICAL' as const,
      check_name: 'check_rate_is_not_zero',
      message: 'rate 0',
      object_type: 'TimeSeries',
      object_name: 'ts',
      location: '/acquisition/ts',
      tool: 'nwbinspector'
    };
    const fetched = { ...job('done'), validations: [v('running')] };
    const details = new Map([['j', fetched]]);
    expect(
      needsDetails({ ...job('done'), validations: [v('running')] }, details)
    ).toBe(false);
    const now = { ...job('done'), validations: [v('done')] };
    expect(needsDetails(now, details)).toBe(true);
    // Findings of another state are never shown with this one.
    const stale = {
      ...job('done'),
      validations: [{ ...v('running'), findings: [finding] }]
    };
    expect(withDetails(now, stale).validations?.[0].findings).toBeUndefined();
    const fresh = {
      ...job('done'),
      validations: [{ ...v('done'), findings: [finding] }]
    };
    expect(withDetails(now, fresh).validations?.[0].findings).toEqual([
      finding
    ]);
  });
});
