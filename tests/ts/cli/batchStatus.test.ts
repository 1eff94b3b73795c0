import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { capture } from './capture';

const DEMO = resolve(__dirname, '../../../demo/one-cache');
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ibl-batch-status-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const statusJson = async (...args: string[]) => {
  const { code, out, err } = await capture([
    'batch',
    'status',
    ...args,
    '--json'
  ]);
  expect(code, err).toBe(0);
  return JSON.parse(out);
};

/** A batch of three unknown ids, shard 0 of 2 run (in process: unknown ids start no child). */
async function batchOfUnknowns(out: string) {
  const list = join(scratch, 'eids.txt');
  writeFileSync(list, '# three\nnope-0\nnope-1\nnope-2\n');
  const run = await capture([
    'batch',
    list,
    '--cache',
    DEMO,
    '-o',
    out,
    '--shard',
    '0/2'
  ]);
  expect(run.code).toBe(1);
  return list;
}

describe('ibl2nwb batch status', () => {
  it('reads the plan and the shard logs a batch leaves: failed with code, pending by shard', async () => {
    const out = join(scratch, 'out');
    await batchOfUnknowns(out);
    const plan = JSON.parse(readFileSync(join(out, 'batch-plan.json'), 'utf8'));
    expect(plan).toMatchObject({
      eids: ['nope-0', 'nope-1', 'nope-2'],
      shards: 2
    });

    const status = await statusJson(out);
    expect(status.type).toBe('batch-status');
    expect(status.out).toBe(out);
    expect(status.counts).toEqual({ done: 0, failed: 2, pending: 1 });
    expect(
      status.sessions.map((s: { eid: string; state: string }) => [
        s.eid,
        s.state
      ])
    ).toEqual([
      ['nope-0', 'failed'],
      ['nope-1', 'pending'],
      ['nope-2', 'failed']
    ]);
    const [failed, pending] = status.sessions;
    expect(failed).toMatchObject({
      code: 'NOT_FOUND',
      shard: '0/2',
      log: join(out, 'batch-0-of-2.jsonl')
    });
    expect(failed.reason).toContain('nope-0');
    expect(pending).toEqual({
      eid: 'nope-1',
      state: 'pending',
      reason: 'not started yet',
      shard: '1/2'
    });
  });

  it('counts a session done by its NWB file and says which log lines it could not read', async () => {
    const out = join(scratch, 'out');
    await batchOfUnknowns(out);
    // A file under batch's final name for nope-1 (what shard 1 would have written).
    mkdirSync(join(out, 'sub-KS-1'));
    const nwb = join(
      out,
      'sub-KS-1',
      'sub-KS-1_ses-nope-1_desc-processed_behavior+ecephys.nwb'
    );
    writeFileSync(nwb, '');
    appendFileSync(join(out, 'batch-0-of-2.jsonl'), '{"eid":"nope-2","sta');
    const status = await statusJson(out);
    expect(status.counts).toEqual({ done: 1, failed: 2, pending: 0 });
    expect(status.sessions[1]).toMatchObject({ state: 'done', output: nwb });
    expect(status.warnings).toEqual([
      `${join(out, 'batch-0-of-2.jsonl')} line 3 is not a batch record (a task killed while writing it?); ignored`
    ]);

    const human = await capture(['batch', 'status', out]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^EID +STATE +SHARD +DETAIL\n/);
    expect(human.out).toMatch(
      /nope-1 +done +1\/2 +sub-KS-1\/sub-KS-1_ses-nope-1_desc-processed_behavior\+ecephys\.nwb\n/
    );
    expect(human.out).toMatch(/nope-0 +failed +0\/2 +NOT_FOUND: nope-0/);
    expect(human.out).toContain(`1 done, 2 failed, 0 pending (${out})`);
    expect(human.err).toContain('line 3 is not a batch record');
  });

  it('takes the list from --eids when the folder has no plan', async () => {
    const out = join(scratch, 'fresh');
    mkdirSync(out);
    const list = join(scratch, 'list.txt');
    writeFileSync(list, 'a\nb\n');
    const status = await statusJson(out, '--eids', list);
    expect(status.counts).toEqual({ done: 0, failed: 0, pending: 2 });
  });

  it('refuses a folder that is missing or holds no batch, naming it (exit 2)', async () => {
    const missing = join(scratch, 'missing');
    let run = await capture(['batch', 'status', missing, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.out)).toMatchObject({
      type: 'error',
      code: 'USAGE'
    });
    expect(run.out).toContain(`${missing} is not a folder`);

    run = await capture(['batch', 'status', scratch]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      `${scratch} holds no batch: neither batch-plan.json nor batch-<i>-of-<N>.jsonl`
    );
    run = await capture(['batch', 'status']);
    expect(run.code).toBe(2);
  });
});
