/**
 * The caches `ibl2nwb search --serve` keeps open: reused while their tables are unchanged,
 * reopened when one is rewritten, at most `limit` kept (least recently used out), a failed
 * open never kept. The opener is counted; answers end to end are in
 * tests/python/server/test_search_serve.py.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { OpenCaches } from '../../../src/cli/commands/searchServe';
import type { LocalOne } from '../../../src/one/node/localOne';

const folders: string[] = [];

function cacheFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'serve-cache-'));
  folders.push(folder);
  writeFileSync(join(folder, 'sessions.pqt'), 'sessions v1');
  writeFileSync(join(folder, 'datasets.pqt'), 'datasets v1');
  return folder;
}

afterEach(() => {
  folders.splice(0).forEach(f => rmSync(f, { recursive: true, force: true }));
});

function counting(fail = new Set<string>()) {
  const opened: string[] = [];
  const open = async (values: { cache?: string }) => {
    opened.push(values.cache!);
    if (fail.has(values.cache!)) {
      throw new Error('unreadable table');
    }
    return { folder: values.cache } as unknown as LocalOne;
  };
  return { opened, open };
}

describe('OpenCaches', () => {
  it('reuses an opened cache while its tables are unchanged', async () => {
    const { opened, open } = counting();
    const caches = new OpenCaches(2, open);
    const a = cacheFolder();
    const first = await caches.open({ cache: a }, 'search', {});
    expect(await caches.open({ cache: a }, 'search', {})).toBe(first);
    expect(opened).toEqual([a]);
    // Sessions-only and full opens are different caches (one lacks datasets.pqt).
    await caches.open({ cache: a }, 'search', { sessionsOnly: true });
    expect(opened).toEqual([a, a]);
  });

  it('reopens a cache whose table was rewritten (size or mtime)', async () => {
    const { opened, open } = counting();
    const caches = new OpenCaches(2, open);
    const a = cacheFolder();
    await caches.open({ cache: a }, 'search', {});
    writeFileSync(join(a, 'datasets.pqt'), 'datasets v2, longer');
    await caches.open({ cache: a }, 'search', {});
    expect(opened).toHaveLength(2);
    // Same size, new mtime (a rewrite within the same byte count).
    writeFileSync(join(a, 'sessions.pqt'), 'sessions v2');
    utimesSync(
      join(a, 'sessions.pqt'),
      new Date(2001, 1, 1),
      new Date(2001, 1, 1)
    );
    await caches.open({ cache: a }, 'search', {});
    expect(opened).toHaveLength(3);
  });

  it('keeps at most `limit` caches, least recently used out', async () => {
    const { opened, open } = counting();
    const caches = new OpenCaches(2, open);
    const [a, b, c] = [cacheFolder(), cacheFolder(), cacheFolder()];
    for (const folder of [a, b, a, c]) {
      await caches.open({ cache: folder }, 'search', {});
    }
    expect(opened).toEqual([a, b, c]); // a was reused, b is now the oldest
    await caches.open({ cache: a }, 'search', {});
    await caches.open({ cache: b }, 'search', {});
    expect(opened).toEqual([a, b, c, b]); // b had been dropped, a had not
  });

  it('does not keep a cache that failed to open', async () => {
    const a = cacheFolder();
    const { opened, open } = counting(new Set([a]));
    const caches = new OpenCaches(2, open);
    await expect(caches.open({ cache: a }, 'search', {})).rejects.toThrow(
      'unreadable table'
    );
    await expect(caches.open({ cache: a }, 'search', {})).rejects.toThrow(
      'unreadable table'
    );
    expect(opened).toEqual([a, a]);
  });
});
