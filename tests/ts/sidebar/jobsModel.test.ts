import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { IJob } from '../../../src/sidebar/jobs/api';

// The routes, as the server answers them: a compact list, details per job.
const server = {
  list: [] as IJob[],
  details: new Map<string, IJob>(),
  calls: [] as string[]
};

vi.mock('../../../src/sidebar/jobs/api', async importOriginal => {
  const original =
    await importOriginal<typeof import('../../../src/sidebar/jobs/api')>();
  return {
    ...original,
    listJobs: async () => {
      server.calls.push('list');
      return server.list.map(j => ({ ...j }));
    },
    getJob: async (id: string) => {
      server.calls.push(`get ${id}`);
      return server.details.get(id)!;
    }
  };
});

const { JobsModel } = await import('../../../src/sidebar/jobs/JobsModel');

function summary(id: string, status: IJob['status'], extra = {}): IJob {
  return {
    id,
    status,
    step: null,
    title: null,
    fraction: 0,
    error: null,
    output: `${id}.nwb`,
    created: 1,
    ...extra
  };
}

describe('JobsModel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    server.list = [];
    server.details.clear();
    server.calls = [];
  });
  afterEach(() => vi.useRealTimers());

  it('fetches a finished job’s details once and shows its structured error', async () => {
    server.list = [summary('a', 'failed', { errorCode: 'METADATA_INVALID' })];
    server.details.set('a', {
      ...summary('a', 'failed'),
      errorEvent: {
        code: 'METADATA_INVALID',
        message: 'session_start_time is not a date',
        field: 'NWBFile.session_start_time',
        advice: 'Use YYYY-MM-DD'
      },
      stderr: ['line']
    });
    const model = new JobsModel();
    await model.refresh();
    await model.refresh();
    expect(server.calls).toEqual(['list', 'get a', 'list']);
    expect(model.jobs[0].errorEvent?.field).toBe('NWBFile.session_start_time');
    expect(model.jobs[0].errorEvent?.advice).toBe('Use YYYY-MM-DD');
    model.dispose();
  });

  it('polls the summary only while a job is active', async () => {
    server.list = [summary('r', 'running')];
    const model = new JobsModel();
    await model.refresh();
    await vi.advanceTimersByTimeAsync(3500);
    const whileRunning = server.calls.filter(c => c === 'list').length;
    expect(whileRunning).toBeGreaterThanOrEqual(3);
    server.list = [summary('r', 'done', { hasReport: true })];
    server.details.set('r', { ...summary('r', 'done'), report: null });
    await vi.advanceTimersByTimeAsync(1500);
    const atEnd = server.calls.filter(c => c === 'list').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls.filter(c => c === 'list').length).toBe(atEnd);
    expect(server.calls).toContain('get r');
    model.dispose();
  });

  it('keeps polling while a done job’s file is being validated, and fetches its findings at the end', async () => {
    const counts = {
      CRITICAL: 1,
      BEST_PRACTICE_VIOLATION: 0,
      BEST_PRACTICE_SUGGESTION: 0
    };
    const validation = (status: 'running' | 'done') => ({
      id: 'v1',
      path: 'd.nwb',
      status,
      step: null,
      counts
    });
    server.list = [
      summary('d', 'done', { validations: [validation('running')] })
    ];
    server.details.set('d', {
      ...summary('d', 'done'),
      validations: [validation('running')]
    });
    const model = new JobsModel();
    await model.refresh();
    await vi.advanceTimersByTimeAsync(2500);
    expect(
      server.calls.filter(c => c === 'list').length
    ).toBeGreaterThanOrEqual(3);
    const findings = [
      {
        importance: 'CRITICAL' as const,
        check_name: 'check_rate_is_not_zero',
        message: 'rate 0',
        object_type: 'TimeSeries',
        object_name: 'ts',
        location: '/acquisition/ts',
        tool: 'nwbinspector'
      }
    ];
    server.list = [summary('d', 'done', { validations: [validation('done')] })];
    server.details.set('d', {
      ...summary('d', 'done'),
      validations: [{ ...validation('done'), findings }]
    });
    await vi.advanceTimersByTimeAsync(1500);
    const atEnd = server.calls.filter(c => c === 'list').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls.filter(c => c === 'list').length).toBe(atEnd);
    expect(server.calls.filter(c => c === 'get d').length).toBe(2);
    expect(model.jobs[0].validations?.[0].findings).toEqual(findings);
    model.dispose();
  });
});
