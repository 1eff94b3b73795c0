/** Downloads from the local data server: layout, verification, resume, retries, cancellation. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { downloadFile } from '../../../src/one/remote/download';
import {
  AuthenticationError,
  CancelledError,
  NotFoundError
} from '../../../src/one/remote/errors';
import { IDatasetRow } from '../../../src/one/remote/records';
import {
  nodeDownloadStorage,
  PART_SUFFIX
} from '../../../src/one/remote/node/download';
import {
  downloadSession,
  localPathOf,
  selectDatasets
} from '../../../src/one/remote/node/downloadSession';
import { IRemoteSetup, listFiles, startRemote } from './helpers';
import { RAW_BYTES } from './sampleCache';

let remote: IRemoteSetup;
let target = 0;

beforeAll(async () => {
  remote = await startRemote();
});
afterEach(() => remote.server.faults.clear());
afterAll(() => remote.close());

/** A new, empty download cache folder. */
function freshCache(): string {
  const dir = join(remote.scratch, `cache${target++}`);
  mkdirSync(dir);
  return dir;
}

const md5 = (bytes: Uint8Array) =>
  createHash('md5').update(bytes).digest('hex');
const fast = { retryDelayMs: 5, inactivityTimeoutMs: 3000 };

async function rawRow(): Promise<IDatasetRow> {
  const rows = await remote.client().sessionDatasets(remote.sessions[0].eid);
  return rows.find(r => r.rel_path.endsWith('.cbin'))!;
}

function fileRequests(from: number) {
  return remote.server.requests
    .slice(from)
    .filter(r => r.path.startsWith('/public/'));
}

describe('session download', () => {
  it('writes the files where Python ONE puts them, verified, without UUIDs', async () => {
    const cacheDir = freshCache();
    const s = remote.sessions[0];
    const results = await downloadSession(remote.client(), s.eid, {
      cacheDir,
      ...fast
    });
    const expected = remote.datasets.filter(d => d.eid === s.eid);
    const session = `${s.lab}/Subjects/${s.subject}/${s.date}/001`;
    expect(listFiles(cacheDir)).toEqual(
      expected.map(d => `${session}/${d.relPath}`).sort()
    );
    for (const d of expected) {
      expect(md5(readFileSync(join(cacheDir, session, d.relPath)))).toBe(d.md5);
    }
    expect(results.every(r => r.status === 'downloaded')).toBe(true);
    // A second pass finds everything present and fetches nothing.
    const before = remote.server.requests.length;
    const again = await downloadSession(remote.client(), s.eid, {
      cacheDir,
      ...fast
    });
    expect(again.every(r => r.status === 'present')).toBe(true);
    expect(fileRequests(before)).toHaveLength(0);
  });

  it('selects datasets by name and collection, and re-fetches a damaged local copy', async () => {
    const cacheDir = freshCache();
    const eid = remote.sessions[0].eid;
    const options = {
      cacheDir,
      datasets: ['*.npy'],
      collection: 'alf',
      ...fast
    };
    const first = await downloadSession(remote.client(), eid, options);
    // As in ONE, a collection matches its revision folders too.
    expect(first.map(r => r.row.rel_path).sort()).toEqual([
      'alf/#2024-05-06#/_ibl_trials.intervals.npy',
      'alf/_ibl_trials.intervals.npy',
      'alf/_ibl_trials.stimOn_times.npy'
    ]);
    const path = first[0].path;
    writeFileSync(path, Buffer.alloc(readFileSync(path).length, 7));
    const second = await downloadSession(remote.client(), eid, options);
    expect(second.find(r => r.path === path)!.status).toBe('downloaded');
    expect(md5(readFileSync(path))).toBe(first[0].row.hash);
    const rows = await remote.client().sessionDatasets(eid);
    expect(
      selectDatasets(rows, { collection: 'alf/probe00/*' }).map(r => r.rel_path)
    ).toEqual(['alf/probe00/pykilosort/spikes.times.npy']);
  });

  it('reports progress up to the file size', async () => {
    const row = await rawRow();
    const events: number[] = [];
    await downloadSession(remote.client(), remote.sessions[0].eid, {
      cacheDir: freshCache(),
      datasets: [row.rel_path],
      onProgress: e => {
        expect(e.total).toBe(RAW_BYTES);
        events.push(e.bytes);
      },
      ...fast
    });
    expect(events.length).toBeGreaterThan(1);
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(events[events.length - 1]).toBe(RAW_BYTES);
  });
});

describe('errors and cancellation', () => {
  it('a missing file is a NotFoundError naming the dataset', async () => {
    const row = await rawRow();
    const url = row.data_url.replace(
      row.id,
      '00000000-0000-4000-8000-000000000000'
    );
    const error = await downloadFile(
      {
        url,
        finalPath: join(freshCache(), 'x.cbin'),
        dataset: 'raw_ephys_data/missing.cbin'
      },
      nodeDownloadStorage,
      fast
    ).catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('dataset raw_ephys_data/missing.cbin');
  });

  it('cancellation stops a download promptly and never leaves a final file', async () => {
    const row = await rawRow();
    const finalPath = localPathOf(freshCache(), row);
    remote.server.faults.add({
      path: '/public/',
      fault: { kind: 'delay', ms: 3000 }
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await downloadFile(
      {
        url: row.data_url,
        finalPath,
        dataset: row.rel_path,
        fileSize: row.file_size,
        hash: row.hash
      },
      nodeDownloadStorage,
      { ...fast, signal: controller.signal }
    ).catch(e => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(existsSync(finalPath)).toBe(false);
  });

  it('cancelling a session download in the middle of the body keeps only a .part file', async () => {
    const row = await rawRow();
    const cacheDir = freshCache();
    const controller = new AbortController();
    const error = await downloadSession(
      remote.client(),
      remote.sessions[0].eid,
      {
        cacheDir,
        datasets: [row.rel_path],
        signal: controller.signal,
        onProgress: e => {
          if (e.bytes > 0) {
            controller.abort();
          }
        },
        ...fast
      }
    ).catch(e => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(listFiles(cacheDir).every(f => f.endsWith(PART_SUFFIX))).toBe(true);
  });

  it('a protected data server asks for credentials; Basic auth opens it', async () => {
    const locked = await startRemote({
      dataAuth: { username: 'flat', password: 'iron' }
    });
    try {
      const rows = await locked
        .client()
        .sessionDatasets(locked.sessions[1].eid);
      const row = rows[0];
      const request = {
        url: row.data_url,
        finalPath: join(locked.scratch, 'f.npy'),
        dataset: row.rel_path,
        hash: row.hash
      };
      const error = await downloadFile(
        request,
        nodeDownloadStorage,
        fast
      ).catch(e => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toMatch(/data-server login/);
      const ok = await downloadFile(request, nodeDownloadStorage, {
        ...fast,
        auth: { username: 'flat', password: 'iron' }
      });
      expect(ok.md5).toBe(row.hash);
    } finally {
      await locked.close();
    }
  });
});
