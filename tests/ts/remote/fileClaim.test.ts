/** Claim files on disk: one holder, release only by the holder, heartbeat, careful breaking. */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  breakClaim,
  claimPathOf,
  readClaim,
  tryClaim
} from '../../../src/one/remote/node/fileClaim';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ibl-claim-'));
  file = join(dir, 'alf', 'spikes.times.npy');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('claim files', () => {
  it('has one holder at a time, hidden beside the file, naming this process', async () => {
    const first = await tryClaim(file, 'alf/spikes.times.npy');
    expect(first).not.toBeNull();
    expect(claimPathOf(file)).toBe(join(dir, 'alf', '.spikes.times.npy.lock'));
    expect(await tryClaim(file, 'alf/spikes.times.npy')).toBeNull();
    const seen = await readClaim(file);
    expect(seen?.record).toMatchObject({
      pid: process.pid,
      token: first!.record.token,
      dataset: 'alf/spikes.times.npy'
    });
    await first!.release();
    expect(await readClaim(file)).toBeNull();
    const second = await tryClaim(file, 'alf/spikes.times.npy');
    expect(second?.record.token).not.toBe(first!.record.token);
    await second!.release();
  });

  it('releases only its own claim and notices when it was taken over', async () => {
    const held = (await tryClaim(file, 'x'))!;
    held.startHeartbeat(10);
    const other = JSON.stringify({ ...held.record, token: 'someone-else' });
    writeFileSync(claimPathOf(file), other);
    await sleep(60);
    expect(held.lost).toBe(true);
    expect(held.lostSignal.aborted).toBe(true);
    expect(await held.stillHeld()).toBe(false);
    await held.release();
    expect(readFileSync(claimPathOf(file), 'utf8')).toBe(other);
  });

  it('renews its heartbeat (the claim file mtime)', async () => {
    const held = (await tryClaim(file, 'x'))!;
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(claimPathOf(file), old, old);
    held.startHeartbeat(10);
    await sleep(60);
    expect(statSync(claimPathOf(file)).mtimeMs).toBeGreaterThan(
      Date.now() - 10_000
    );
    expect(held.lost).toBe(false);
    await held.release();
  });

  it('breaks only the claim that was judged, one breaker at a time, dropping the .part when asked', async () => {
    const held = (await tryClaim(file, 'x'))!;
    writeFileSync(`${file}.part`, 'partial');
    const judged = (await readClaim(file))!;
    // The owner renewed its heartbeat since: alive after all.
    const later = new Date(judged.mtimeMs + 5_000);
    utimesSync(claimPathOf(file), later, later);
    expect(await breakClaim(file, judged, true)).toBe(false);
    expect(existsSync(claimPathOf(file))).toBe(true);
    // Another process is breaking it right now.
    const now = (await readClaim(file))!;
    writeFileSync(`${claimPathOf(file)}.break`, '');
    expect(await breakClaim(file, now, true)).toBe(false);
    rmSync(`${claimPathOf(file)}.break`);
    expect(await breakClaim(file, now, true)).toBe(true);
    expect(existsSync(claimPathOf(file))).toBe(false);
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(existsSync(`${claimPathOf(file)}.break`)).toBe(false);
    await held.release();
  });

  it('keeps the .part of a dead owner for resuming', async () => {
    await tryClaim(file, 'x');
    writeFileSync(`${file}.part`, 'partial');
    expect(await breakClaim(file, (await readClaim(file))!, false)).toBe(true);
    expect(readFileSync(`${file}.part`, 'utf8')).toBe('partial');
  });
});
