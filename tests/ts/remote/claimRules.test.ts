/** When a download claim in a shared cache may be taken over (pure rules, no files). */
import { describe, expect, it } from 'vitest';

import {
  ClaimWatch,
  IClaimOwner,
  IClaimRecord,
  IJudgeContext,
  judgeClaim,
  sameMachine
} from '../../../src/one/remote/claimRules';

const me: IClaimOwner = {
  pid: 100,
  host: 'node1',
  boot: 'boot-a',
  pidNamespace: 'pid:[1]'
};

function record(owner: Partial<IClaimOwner>, token = 't1'): IClaimRecord {
  return {
    ...me,
    ...owner,
    token,
    dataset: 'alf/spikes.times.npy',
    started: '2026-12-07T08:00:00.000Z'
  };
}

function context(alive: number[], held: string[] = []): IJudgeContext {
  return {
    me,
    staleMs: 60_000,
    isPidAlive: pid => alive.includes(pid),
    holdsToken: token => held.includes(token)
  };
}

describe('judgeClaim', () => {
  it('takes over at once from a dead process on this machine', () => {
    const verdict = judgeClaim(record({ pid: 200 }), 0, context([]));
    expect(verdict.state).toBe('dead');
    expect(verdict.state === 'dead' && verdict.why).toContain('200');
  });

  it('waits for a live process on this machine until its heartbeat stops', () => {
    const owner = record({ pid: 200 });
    expect(judgeClaim(owner, 59_999, context([200])).state).toBe('live');
    expect(judgeClaim(owner, 60_000, context([200])).state).toBe('silent');
  });

  it('never looks up the pid of another host, a rebooted host or another pid namespace', () => {
    for (const other of [
      { pid: 200, host: 'node2' },
      { pid: 200, boot: 'boot-b' },
      { pid: 200, pidNamespace: 'pid:[2]' }
    ]) {
      const verdict = judgeClaim(record(other), 1_000, context([]));
      expect(verdict.state).toBe('live');
      expect(judgeClaim(record(other), 60_000, context([])).state).toBe(
        'silent'
      );
    }
  });

  it('takes a claim with its own pid it does not hold for a dead predecessor', () => {
    expect(judgeClaim(record({}, 'old'), 0, context([100])).state).toBe('dead');
    expect(judgeClaim(record({}, 'mine'), 0, context([100], ['mine']))).toEqual(
      { state: 'live' }
    );
  });

  it('judges an unreadable claim by its silence only', () => {
    expect(judgeClaim(null, 10_000, context([])).state).toBe('live');
    const verdict = judgeClaim(null, 61_000, context([]));
    expect(verdict.state).toBe('silent');
    expect(verdict.state === 'silent' && verdict.why).toContain('unreadable');
  });

  it('compares machines by host, then boot and namespace when both know them', () => {
    expect(sameMachine(me, { ...me, boot: null })).toBe(true);
    expect(sameMachine(me, { ...me, host: 'node2' })).toBe(false);
  });
});

describe('ClaimWatch', () => {
  it('measures silence by heartbeat and stalls by growth of the .part, on its own clock', () => {
    const watch = new ClaimWatch(0);
    watch.see({ token: 'a', mtimeMs: 5, partBytes: 0 }, 0);
    watch.see({ token: 'a', mtimeMs: 5, partBytes: 0 }, 1_000);
    expect(watch.silentForMs(1_000)).toBe(1_000);
    // A heartbeat (mtime from a clock far off) is life, but not progress.
    watch.see({ token: 'a', mtimeMs: -9e9, partBytes: 0 }, 2_000);
    expect(watch.silentForMs(2_500)).toBe(500);
    expect(watch.stalledForMs(2_500)).toBe(2_500);
    // Bytes arriving, or a new owner, are progress.
    watch.see({ token: 'a', mtimeMs: -9e9, partBytes: 10 }, 3_000);
    expect(watch.stalledForMs(3_000)).toBe(0);
    watch.see({ token: 'b', mtimeMs: -9e9, partBytes: 0 }, 4_000);
    expect(watch.stalledForMs(4_500)).toBe(500);
    expect(watch.silentForMs(4_500)).toBe(500);
  });
});
