import { describe, expect, it } from 'vitest';

import type { IBatchRecord } from '../../../src/cli/commands/batchLog';
import {
  countStates,
  ILoggedRecord,
  sessionStates
} from '../../../src/cli/commands/batchStatusModel';

const LOG = '/out/batch-0-of-2.jsonl';

function logged(
  eid: string,
  status: IBatchRecord['status'],
  time: string,
  extra: Partial<IBatchRecord> = {}
): ILoggedRecord {
  return {
    log: LOG,
    record: {
      eid,
      status,
      shard: '0/2',
      host: 'node7',
      started: time,
      time,
      seconds: 1,
      ...extra
    }
  };
}

describe('batch status: the state of each session', () => {
  it('is done only when its NWB file is in the folder', () => {
    const [converted, gone] = sessionStates({
      planned: ['a', 'b'],
      records: [
        logged('a', 'converted', '2026-01-01T00:00:01Z', { output: 'x/a.nwb' }),
        logged('b', 'converted', '2026-01-01T00:00:02Z', { output: 'x/b.nwb' })
      ],
      outputs: new Map([['a', '/out/sub-s/a.nwb']])
    });
    expect(converted).toMatchObject({
      eid: 'a',
      state: 'done',
      output: '/out/sub-s/a.nwb',
      log: LOG
    });
    // Logged as converted, but the file is gone: not done, and the reason says so.
    expect(gone.state).toBe('pending');
    expect(gone.reason).toContain('x/b.nwb is no longer in the folder');
  });

  it('gives a failed session its code, message, advice and the end of the log', () => {
    const [failed] = sessionStates({
      planned: ['a'],
      records: [
        logged('a', 'failed', '2026-01-01T00:00:01Z', {
          error: 'wheel.position.npy is truncated',
          code: 'DATASET_INVALID',
          dataset: 'alf/_ibl_wheel.position.npy',
          advice: 'download it again',
          tail: ['[2/9] Wheel', 'ibl2nwb convert: truncated'],
          task: 'slurm 12_0'
        })
      ],
      outputs: new Map()
    });
    expect(failed).toEqual({
      eid: 'a',
      state: 'failed',
      reason: 'wheel.position.npy is truncated',
      code: 'DATASET_INVALID',
      dataset: 'alf/_ibl_wheel.position.npy',
      advice: 'download it again',
      tail: ['[2/9] Wheel', 'ibl2nwb convert: truncated'],
      log: LOG,
      shard: '0/2',
      host: 'node7',
      task: 'slurm 12_0',
      time: '2026-01-01T00:00:01Z'
    });
  });

  it('takes the latest outcome: a failure followed by a cancelled retry is pending', () => {
    const [a] = sessionStates({
      planned: ['a'],
      records: [
        logged('a', 'cancelled', '2026-01-02T00:00:00Z', {
          error: 'cancelled'
        }),
        // written later in the file, but it happened earlier
        logged('a', 'failed', '2026-01-01T00:00:00Z', { error: 'old' })
      ],
      outputs: new Map()
    });
    expect(a.state).toBe('pending');
    expect(a.reason).toMatch(/interrupted at 2026-01-02T00:00:00Z/);
  });

  it('a file on disk wins over an older failure (converted by a later run)', () => {
    const [a] = sessionStates({
      planned: ['a'],
      records: [logged('a', 'failed', '2026-01-01T00:00:00Z', { error: 'x' })],
      outputs: new Map([['a', '/out/a.nwb']])
    });
    expect(a).toMatchObject({ state: 'done', output: '/out/a.nwb' });
    expect(a.reason).toBeUndefined();
  });

  it('lists the plan in order with the shard that will convert it, then sessions only logged', () => {
    const sessions = sessionStates({
      planned: ['p0', 'p1', 'p2'],
      shards: 2,
      records: [logged('extra', 'failed', '2026-01-01T00:00:00Z')],
      outputs: new Map()
    });
    expect(sessions.map(s => [s.eid, s.state, s.shard])).toEqual([
      ['p0', 'pending', '0/2'],
      ['p1', 'pending', '1/2'],
      ['p2', 'pending', '0/2'],
      ['extra', 'failed', '0/2']
    ]);
    expect(sessions[0].reason).toBe('not started yet');
    expect(countStates(sessions)).toEqual({ done: 0, failed: 1, pending: 3 });
  });
});
