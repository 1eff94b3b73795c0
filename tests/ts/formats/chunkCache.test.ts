import { describe, expect, it } from 'vitest';

import { ChunkCache, type IKeyStore } from '../../../src/viewer/zarr/store';

/** A store that counts its reads (a remote link: each is a request). */
class CountingStore implements IKeyStore {
  reads: string[] = [];
  failNext = false;
  async get(key: string): Promise<Uint8Array | undefined> {
    this.reads.push(key);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('network');
    }
    return key === 'missing' ? undefined : new Uint8Array(100).fill(key.length);
  }
}

describe('ChunkCache (LINDI and Zarr reads)', () => {
  it('reads a chunk once however often a window search asks for it', async () => {
    const inner = new CountingStore();
    const cache = new ChunkCache(inner, 1000);
    const asks = await Promise.all(
      Array.from({ length: 30 }, () => cache.get('/units/spike_times/0'))
    );
    await cache.get('/units/spike_times/0');
    expect(inner.reads).toEqual(['/units/spike_times/0']);
    expect(asks.every(a => a?.length === 100)).toBe(true);
    expect(await cache.get('missing')).toBeUndefined();
  });

  it('keeps at most its byte limit, dropping the least recently used', async () => {
    const inner = new CountingStore();
    const cache = new ChunkCache(inner, 250); // two chunks of 100 bytes fit
    await cache.get('a');
    await cache.get('b');
    await cache.get('a'); // a is now the most recent
    await cache.get('c'); // b goes
    await cache.get('a');
    await cache.get('b');
    expect(inner.reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('asks again after a failed read', async () => {
    const inner = new CountingStore();
    const cache = new ChunkCache(inner);
    inner.failNext = true;
    await expect(cache.get('x')).rejects.toThrow('network');
    expect((await cache.get('x'))?.length).toBe(100);
    expect(inner.reads).toEqual(['x', 'x']);
  });
});
