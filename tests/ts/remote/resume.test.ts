/** Interrupted, corrupted and failing downloads: resume from `.part`, md5 re-fetch, retries, time limits. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { downloadFile, IFileRequest } from '../../../src/one/remote/download';
import {
  ConnectionError,
  IntegrityError,
  TimeoutError
} from '../../../src/one/remote/errors';
import { IDatasetRow } from '../../../src/one/remote/records';
import {
  nodeDownloadStorage,
  PART_SUFFIX
} from '../../../src/one/remote/node/download';
import { localPathOf } from '../../../src/one/remote/node/downloadSession';
import { IRemoteSetup, startRemote } from './helpers';

let remote: IRemoteSetup;
let target = 0;

beforeAll(async () => {
  remote = await startRemote();
});
afterEach(() => remote.server.faults.clear());
afterAll(() => remote.close());

const md5 = (bytes: Uint8Array) =>
  createHash('md5').update(bytes).digest('hex');
const fast = { retryDelayMs: 5, inactivityTimeoutMs: 3000 };

async function rawRow(): Promise<IDatasetRow> {
  const rows = await remote.client().sessionDatasets(remote.sessions[0].eid);
  return rows.find(r => r.rel_path.endsWith('.cbin'))!;
}

/** The request for the raw file into a new, empty cache folder. */
async function rawRequest(): Promise<{
  row: IDatasetRow;
  request: IFileRequest;
}> {
  const row = await rawRow();
  const dir = join(remote.scratch, `resume${target++}`);
  mkdirSync(dir);
  const request = {
    url: row.data_url,
    finalPath: localPathOf(dir, row),
    dataset: row.rel_path,
    fileSize: row.file_size,
    hash: row.hash
  };
  return { row, request };
}

function fileRequests(from: number) {
  return remote.server.requests
    .slice(from)
    .filter(r => r.path.startsWith('/public/'));
}

describe('interrupted and corrupted downloads', () => {
  it('resumes an interrupted download from the .part file with a Range request', async () => {
    const { row, request } = await rawRequest();
    const finalPath = request.finalPath;
    remote.server.faults.add({
      path: '/public/',
      times: 1,
      fault: { kind: 'truncate', bytes: 250_000 }
    });
    const before = remote.server.requests.length;
    const result = await downloadFile(request, nodeDownloadStorage, fast);
    const sent = fileRequests(before);
    expect(sent.map(r => r.range)).toEqual([
      null,
      `bytes=${result.resumedFrom}-`
    ]);
    expect(result.resumedFrom).toBeGreaterThan(0);
    expect(result.resumedFrom).toBeLessThanOrEqual(250_000);
    expect(result.attempts).toBe(2);
    expect(md5(readFileSync(finalPath))).toBe(row.hash);
    expect(existsSync(finalPath + PART_SUFFIX)).toBe(false);
  });

  it('resumes a .part file left by an earlier run', async () => {
    const { row, request } = await rawRequest();
    const finalPath = request.finalPath;
    const original = remote.datasets.find(d => d.id === row.id)!.bytes;
    mkdirSync(join(finalPath, '..'), { recursive: true });
    writeFileSync(finalPath + PART_SUFFIX, original.subarray(0, 123_456));
    const before = remote.server.requests.length;
    const result = await downloadFile(request, nodeDownloadStorage, fast);
    expect(fileRequests(before).map(r => r.range)).toEqual(['bytes=123456-']);
    expect(result).toMatchObject({
      resumedFrom: 123_456,
      attempts: 1,
      md5: row.hash
    });
  });

  it('detects corrupted bytes by md5 and fetches the file again from the start', async () => {
    const { row, request } = await rawRequest();
    const finalPath = request.finalPath;
    remote.server.faults.add({
      path: '/public/',
      times: 1,
      fault: { kind: 'corrupt' }
    });
    const before = remote.server.requests.length;
    const result = await downloadFile(request, nodeDownloadStorage, fast);
    expect(fileRequests(before).map(r => r.range)).toEqual([null, null]);
    expect(result.attempts).toBe(2);
    expect(md5(readFileSync(finalPath))).toBe(row.hash);
  });

  it('gives up on persistent corruption with an IntegrityError and leaves no file behind', async () => {
    const { row, request } = await rawRequest();
    const finalPath = request.finalPath;
    remote.server.faults.add({ path: '/public/', fault: { kind: 'corrupt' } });
    const error = await downloadFile(request, nodeDownloadStorage, {
      ...fast,
      retries: 2
    }).catch(e => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.message).toContain(row.rel_path);
    expect(error.message).toContain(row.hash);
    expect(existsSync(finalPath)).toBe(false);
    expect(existsSync(finalPath + PART_SUFFIX)).toBe(false);
  });

  it('a server that keeps dropping the connection ends in ConnectionError, no final file', async () => {
    const { request } = await rawRequest();
    const finalPath = request.finalPath;
    remote.server.faults.add({ path: '/public/', fault: { kind: 'drop' } });
    const before = remote.server.requests.length;
    const error = await downloadFile(request, nodeDownloadStorage, {
      ...fast,
      retries: 3
    }).catch(e => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(fileRequests(before)).toHaveLength(4);
    expect(existsSync(finalPath)).toBe(false);
  });
});

describe('retries and time limits', () => {
  it('a server that ignores Range makes the download start over, still verified', async () => {
    const { row, request } = await rawRequest();
    remote.server.faults.add(
      {
        path: '/public/',
        times: 1,
        fault: { kind: 'truncate', bytes: 100_000 }
      },
      // Every request counts against `times`, so this one must hold for all requests.
      { path: '/public/', fault: { kind: 'ignoreRange' } }
    );
    const before = remote.server.requests.length;
    const result = await downloadFile(request, nodeDownloadStorage, fast);
    expect(fileRequests(before).map(r => r.range !== null)).toEqual([
      false,
      true
    ]);
    expect(result.resumedFrom).toBe(0);
    expect(md5(readFileSync(request.finalPath))).toBe(row.hash);
  });

  it('an HTTP 500 is retried with backoff', async () => {
    const { row, request } = await rawRequest();
    remote.server.faults.add({
      path: '/public/',
      times: 2,
      fault: { kind: 'status', status: 500 }
    });
    const result = await downloadFile(request, nodeDownloadStorage, fast);
    expect(result.attempts).toBe(3);
    expect(result.md5).toBe(row.hash);
  });

  it('a silent server ends in TimeoutError', async () => {
    const { request } = await rawRequest();
    remote.server.faults.add({
      path: '/public/',
      fault: { kind: 'delay', ms: 1500 }
    });
    const started = Date.now();
    const error = await downloadFile(request, nodeDownloadStorage, {
      ...fast,
      inactivityTimeoutMs: 100,
      retries: 1
    }).catch(e => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1200);
    expect(existsSync(request.finalPath)).toBe(false);
  });
});
