/**
 * Downloads into a cache folder other processes fill too: one fetch per file, claims of dead
 * or silent owners taken over, a bounded wait for a live owner that makes no progress, and no
 * rename by an owner whose claim was taken from it.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync
} from 'node:fs';
import { dirname, join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type {
  ClaimVerdict,
  IClaimRecord
} from '../../../src/one/remote/claimRules';
import { IFileRequest } from '../../../src/one/remote/download';
import {
  ClaimWaitTimeoutError,
  IntegrityError
} from '../../../src/one/remote/errors';
import { IDatasetRow } from '../../../src/one/remote/records';
import { thisOwner } from '../../../src/one/remote/node/claimOwner';
import { PART_SUFFIX } from '../../../src/one/remote/node/download';
import {
  downloadSession,
  localPathOf
} from '../../../src/one/remote/node/downloadSession';
import { claimPathOf } from '../../../src/one/remote/node/fileClaim';
import { downloadShared } from '../../../src/one/remote/node/sharedDownload';
import { IRemoteSetup, startRemote } from './helpers';

let remote: IRemoteSetup;
let target = 0;
const children: ChildProcess[] = [];

beforeAll(async () => {
  remote = await startRemote();
});
afterEach(() => {
  remote.server.faults.clear();
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
  }
});
afterAll(() => remote.close());

const md5 = (bytes: Uint8Array) =>
  createHash('md5').update(bytes).digest('hex');
const fast = { retryDelayMs: 5, inactivityTimeoutMs: 3000 };

function freshCache(): string {
  const dir = join(remote.scratch, `shared${target++}`);
  mkdirSync(dir);
  return dir;
}

/** GETs of data files since `from`, by path. */
function fileGets(from: number): Map<string, (string | null)[]> {
  const gets = new Map<string, (string | null)[]>();
  for (const r of remote.server.requests.slice(from)) {
    if (r.path.startsWith('/public/')) {
      gets.set(r.path, [...(gets.get(r.path) ?? []), r.range]);
    }
  }
  return gets;
}

/** Every file under `root`, hidden ones included (claims are hidden). */
function allFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name));
}

async function rawRequest(): Promise<{
  row: IDatasetRow;
  request: IFileRequest;
}> {
  const rows = await remote.client().sessionDatasets(remote.sessions[0].eid);
  const row = rows.find(r => r.rel_path.endsWith('.cbin'))!;
  const request = {
    url: row.data_url,
    finalPath: localPathOf(freshCache(), row),
    dataset: row.rel_path,
    fileSize: row.file_size,
    hash: row.hash
  };
  mkdirSync(dirname(request.finalPath), { recursive: true });
  return { row, request };
}

function servedBytes(row: IDatasetRow): Buffer {
  const path = new URL(row.data_url).pathname;
  return readFileSync(remote.server.db.files.get(decodeURIComponent(path))!);
}

/** A claim as another process `pid` (on `host`, this machine by default) would write it. */
function writeClaim(finalPath: string, owner: Partial<IClaimRecord>): void {
  const record: IClaimRecord = {
    ...thisOwner(),
    token: `other-${owner.pid}`,
    dataset: 'x',
    started: new Date().toISOString(),
    ...owner
  };
  writeFileSync(claimPathOf(finalPath), JSON.stringify(record));
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** A process that stays alive (killed after the test). */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  children.push(child);
  return child.pid!;
}

describe('downloads into a shared cache folder', () => {
  it('fetches each file once when two downloads of one session run at once', async () => {
    const cacheDir = freshCache();
    const eid = remote.sessions[0].eid;
    // Slow answers so that both downloads are surely under way together.
    remote.server.faults.add({
      path: '/public/',
      fault: { kind: 'delay', ms: 100 }
    });
    const before = remote.server.requests.length;
    const [a, b] = await Promise.all([
      downloadSession(remote.client(), eid, { cacheDir, ...fast }),
      downloadSession(remote.client(), eid, { cacheDir, ...fast })
    ]);
    const gets = fileGets(before);
    expect([...gets.values()].every(ranges => ranges.length === 1)).toBe(true);
    expect(gets.size).toBe(a.length);
    for (const [i, r] of a.entries()) {
      expect(md5(readFileSync(r.path))).toBe(r.row.hash);
      // Each file was fetched by one of the two, and taken as present by the other.
      expect([r.status, b[i].status].sort()).toEqual(['downloaded', 'present']);
    }
    expect(allFiles(cacheDir).filter(f => /\.(part|lock)$/.test(f))).toEqual(
      []
    );
  });

  it('takes over at once from a dead process on this machine and resumes its .part', async () => {
    const { row, request } = await rawRequest();
    const bytes = servedBytes(row);
    writeFileSync(request.finalPath + PART_SUFFIX, bytes.subarray(0, 200_000));
    writeClaim(request.finalPath, { pid: deadPid() });
    const verdicts: ClaimVerdict[] = [];
    const before = remote.server.requests.length;
    const result = await downloadShared(request, {
      ...fast,
      claims: { staleMs: 60_000 },
      onTakeover: (_, verdict) => verdicts.push(verdict)
    });
    expect(result.status).toBe('downloaded');
    expect(verdicts.map(v => v.state)).toEqual(['dead']);
    expect([...fileGets(before).values()]).toEqual([['bytes=200000-']]);
    expect(md5(readFileSync(request.finalPath))).toBe(row.hash);
    expect(existsSync(claimPathOf(request.finalPath))).toBe(false);
    expect(existsSync(request.finalPath + PART_SUFFIX)).toBe(false);
  });

  it('takes over a silent claim of another host after staleMs and does not resume its .part', async () => {
    const { row, request } = await rawRequest();
    // The other owner may only be frozen: its bytes must not be trusted.
    writeFileSync(request.finalPath + PART_SUFFIX, Buffer.alloc(200_000, 7));
    writeClaim(request.finalPath, { pid: process.pid, host: 'elsewhere' });
    const verdicts: ClaimVerdict[] = [];
    const before = remote.server.requests.length;
    const t0 = Date.now();
    await downloadShared(request, {
      ...fast,
      claims: { staleMs: 300, pollMs: 20 },
      onTakeover: (_, verdict) => verdicts.push(verdict)
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(verdicts.map(v => v.state)).toEqual(['silent']);
    expect([...fileGets(before).values()]).toEqual([[null]]);
    expect(md5(readFileSync(request.finalPath))).toBe(row.hash);
  });

  it('takes the file a live owner verified, without fetching it', async () => {
    const { row, request } = await rawRequest();
    writeClaim(request.finalPath, { pid: livePid() });
    const waits: string[] = [];
    setTimeout(() => {
      writeFileSync(request.finalPath, servedBytes(row));
      unlinkSync(claimPathOf(request.finalPath));
    }, 200);
    const before = remote.server.requests.length;
    const result = await downloadShared(request, {
      ...fast,
      claims: { pollMs: 20 },
      onWait: wait => waits.push(wait.owner)
    });
    expect(result.status).toBe('present');
    expect(fileGets(before).size).toBe(0);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(/^process \d+ on /);
  });

  it('gives up waiting for a live owner that makes no progress, naming the file and the claim', async () => {
    const { request } = await rawRequest();
    const pid = livePid();
    writeClaim(request.finalPath, { pid });
    const before = remote.server.requests.length;
    const error = await downloadShared(request, {
      ...fast,
      claims: { waitMs: 300, pollMs: 20 }
    }).catch(e => e);
    expect(error).toBeInstanceOf(ClaimWaitTimeoutError);
    expect(error.message).toContain(request.dataset);
    expect(error.message).toContain(`process ${pid}`);
    expect(error.message).toContain(claimPathOf(request.finalPath));
    expect(error.advice).toContain('IBL2NWB_CLAIM_WAIT_S');
    // The live owner's claim is left alone; nothing was fetched.
    expect(existsSync(claimPathOf(request.finalPath))).toBe(true);
    expect(fileGets(before).size).toBe(0);
  });

  it('an owner whose claim was taken over stops and renames nothing into place', async () => {
    const { request } = await rawRequest();
    remote.server.faults.add({
      path: '/public/',
      times: 1,
      fault: { kind: 'slow', bytesPerSecond: 400_000 }
    });
    const pid = livePid();
    // Mid-download, another process (judging us stale) holds the claim.
    setTimeout(() => writeClaim(request.finalPath, { pid }), 300);
    const error = await downloadShared(request, {
      ...fast,
      claims: { heartbeatMs: 20, waitMs: 400, pollMs: 20 }
    }).catch(e => e);
    expect(error).toBeInstanceOf(ClaimWaitTimeoutError);
    expect(error.message).toContain(`process ${pid}`);
    expect(existsSync(request.finalPath)).toBe(false);
  });

  it('releases its claim and leaves no .part when the file stays corrupt', async () => {
    const { request } = await rawRequest();
    remote.server.faults.add({ path: '/public/', fault: { kind: 'corrupt' } });
    const error = await downloadShared(request, { ...fast, retries: 1 }).catch(
      e => e
    );
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toContain(request.dataset);
    expect(allFiles(dirname(request.finalPath))).toEqual([]);
  });
});
