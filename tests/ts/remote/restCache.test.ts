/** ONE's REST response cache: real ONE-written entries read back, and offline reads through the client. */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { AlyxClient } from '../../../src/one/remote/alyx';
import { ConnectionError } from '../../../src/one/remote/errors';
import {
  FileRestCache,
  restCacheKey
} from '../../../src/one/remote/node/restCache';
import {
  parsePythonIso,
  pythonIsoLocal
} from '../../../src/one/remote/restCache';
import { FIXTURES, PASSWORD, startRemote, USER } from './helpers';

const RECORDED = join(FIXTURES, 'ONE/one/tests/fixtures/rest_responses');
const scratch = mkdtempSync(join(tmpdir(), 'ibl-rest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('FileRestCache', () => {
  it('finds the entries Python ONE wrote, by the SHA-1 of the request path', async () => {
    const dir = join(scratch, 'one');
    mkdirSync(join(dir, '.rest'), { recursive: true });
    for (const name of readdirSync(RECORDED).filter(n =>
      /^[0-9a-f]{40}$/.test(n)
    )) {
      copyFileSync(join(RECORDED, name), join(dir, '.rest', name));
    }
    const cache = new FileRestCache(dir);
    const requests: Record<string, string> = {
      '/dataset-types': '535d0e9a1e2c1efbdeba0d673b131e00361a2edb',
      '/dataset-types/wheel.velocity':
        'db1731fb8df0208944ae85f76718430813a8bf50',
      '/insertions/b529f2d8-cdae-4d59-aba2-cbd1b5572e36':
        'f530d6022f61cdc9e38cc66beb3cb71f3003c9a1'
    };
    for (const [request, file] of Object.entries(requests)) {
      expect(restCacheKey(request)).toBe(file);
      const entry = await cache.read(request);
      const [value, expiry] = JSON.parse(
        readFileSync(join(RECORDED, file), 'utf8')
      );
      expect(entry!.value).toEqual(value);
      expect(entry!.expires.getFullYear()).toBe(Number(expiry.slice(0, 4)));
    }
    // An expired entry is still returned (the caller decides), a corrupt one is deleted.
    expect(
      (await cache.read('/data-repository/mainenlab'))!.expires.getTime()
    ).toBeLessThan(Date.now());
    const corrupt = join(dir, '.rest', restCacheKey('/labs'));
    writeFileSync(corrupt, '[{"name": ');
    expect(await cache.read('/labs')).toBeNull();
    expect(existsSync(corrupt)).toBe(false);
  });

  it('writes expiries the way Python formats them', () => {
    const date = new Date(2026, 10, 26, 9, 5, 7, 123);
    expect(pythonIsoLocal(date)).toBe('2026-11-26T09:05:07.123000');
    expect(parsePythonIso('2026-11-26T09:05:07.123000')!.getTime()).toBe(
      date.getTime()
    );
  });
});

describe('client with a REST cache', () => {
  it('answers fresh entries from the cache and stale ones when the server is gone', async () => {
    const remote = await startRemote();
    const cacheDir = join(scratch, 'client');
    const make = (expiryMs: number) =>
      new AlyxClient({
        baseUrl: remote.server.url,
        username: USER,
        password: PASSWORD,
        retryDelayMs: 5,
        restCache: new FileRestCache(cacheDir),
        restCacheExpiryMs: expiryMs
      });
    const eid = remote.sessions[2].eid;
    const online = await make(60_000).sessionDetail(eid);
    expect(
      existsSync(join(cacheDir, '.rest', restCacheKey(`/sessions/${eid}`)))
    ).toBe(true);
    const before = remote.server.requests.length;
    expect(await make(60_000).sessionDetail(eid)).toEqual(online);
    expect(remote.server.requests.length).toBe(before);
    // Entries written with no lifetime are stale at once; offline they still answer.
    const found = await make(0).searchSessions({ lab: 'zadorlab' });
    await remote.close();
    expect(await make(0).searchSessions({ lab: 'zadorlab' })).toEqual(found);
    await expect(
      make(0).searchSessions({ lab: 'hoferlab' })
    ).rejects.toBeInstanceOf(ConnectionError);
  });
});
