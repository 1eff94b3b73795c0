import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = join(__dirname, 'fixtures', 'stalledRun.ts');

function runFixture(fault: string) {
  const temp = join(mkdtempSync(join(tmpdir(), 'ibl2nwb-')), 'x.nwb.part');
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', FIXTURE, fault, temp],
    { encoding: 'utf8', timeout: 60000 }
  );
  return { ...result, temp };
}

describe('the CLI process never exits 0 without run() saying so (#11.1)', () => {
  it('exits 1 with an INTERNAL error when the event loop drains with run() pending', () => {
    const { status, stdout, stderr, temp } = runFixture('stalled');
    expect(status).toBe(1);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({
      type: 'error',
      code: 'INTERNAL'
    });
    expect(stderr).toContain('stopped without finishing');
    expect(existsSync(temp)).toBe(false);
  });

  it('exits 1 after cleanup on an unhandled rejection', () => {
    const { status, stdout, stderr, temp } = runFixture('unhandled');
    expect(status).toBe(1);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({
      type: 'error',
      code: 'INTERNAL'
    });
    expect(stderr).toContain('a worker failed while nobody listened');
    expect(existsSync(temp)).toBe(false);
  });
});
