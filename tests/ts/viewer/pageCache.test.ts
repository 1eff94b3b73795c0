import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { PageCache } from '../../../src/viewer/worker/pageCache';
import { sample } from './samples';

const SAMPLE = sample('matnwb/ecephys_tutorial.nwb');

/** A reader over real file bytes that records every range it is asked for. */
function recordingReader(bytes: Uint8Array) {
  const calls: [number, number][] = [];
  const read = (start: number, end: number) => {
    calls.push([start, end]);
    return bytes.slice(start, end);
  };
  return { read, calls };
}

describe('PageCache', () => {
  const file = new Uint8Array(readFileSync(SAMPLE));

  it('returns exactly the bytes of the file for any read', () => {
    const { read } = recordingReader(file);
    const cache = new PageCache(read, file.length, {
      pageSize: 4096,
      maxPages: 8
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: file.length + 100 }),
        fc.integer({ min: 0, max: 40000 }),
        (position, length) => {
          const target = new Uint8Array(length + 3);
          const n = cache.read(target, 3, length, position);
          const expected = file.subarray(
            Math.min(position, file.length),
            position + length
          );
          expect(n).toBe(expected.length);
          expect(
            Buffer.from(target.subarray(3, 3 + n)).equals(Buffer.from(expected))
          ).toBe(true);
        }
      ),
      { numRuns: 300, seed: 7 }
    );
    expect(cache.stats.pages).toBeLessThanOrEqual(8);
  });

  it('evicts the least recently used page first', () => {
    const { read, calls } = recordingReader(file);
    const cache = new PageCache(read, file.length, {
      pageSize: 1000,
      maxPages: 2,
      regionPages: 1
    });
    const one = new Uint8Array(1);
    cache.read(one, 0, 1, 0); // page 0
    cache.read(one, 0, 1, 1000); // page 1
    cache.read(one, 0, 1, 10); // page 0 again: now page 1 is the oldest
    cache.read(one, 0, 1, 2000); // page 2 evicts page 1
    expect(cache.stats).toMatchObject({
      hits: 1,
      misses: 3,
      evictions: 1,
      pages: 2
    });
    cache.read(one, 0, 1, 20); // page 0 still cached
    cache.read(one, 0, 1, 1500); // page 1 fetched again
    expect(calls.map(([start]) => start)).toEqual([0, 1000, 2000, 1000]);
  });

  it('fetches a run of missing pages with one request and counts the bytes', () => {
    const { read, calls } = recordingReader(file);
    const cache = new PageCache(read, file.length, {
      pageSize: 1000,
      maxPages: 64,
      regionPages: 1
    });
    const target = new Uint8Array(5500);
    cache.read(target, 0, 5500, 500);
    expect(calls).toEqual([[0, 6000]]);
    expect(cache.stats).toMatchObject({
      requests: 1,
      bytesFetched: 6000,
      pages: 6
    });
    // A read across cached and uncached pages fetches only the missing ones.
    cache.read(new Uint8Array(3000), 0, 3000, 5000);
    expect(calls[1]).toEqual([6000, 8000]);
  });

  it('caps the pages fetched by one request', () => {
    const { read, calls } = recordingReader(file);
    const cache = new PageCache(read, file.length, {
      pageSize: 100,
      maxPages: 64,
      maxPagesPerRequest: 4,
      regionPages: 1
    });
    cache.read(new Uint8Array(1000), 0, 1000, 0);
    expect(calls).toEqual([
      [0, 400],
      [400, 800],
      [800, 1000]
    ]);
  });

  it('reads the short last page and nothing past the end of the file', () => {
    const { read, calls } = recordingReader(file);
    const cache = new PageCache(read, file.length, { pageSize: 1 << 16 });
    const target = new Uint8Array(10);
    expect(cache.read(target, 0, 10, file.length - 4)).toBe(4);
    expect(cache.read(target, 0, 10, file.length)).toBe(0);
    const lastPage = Math.floor((file.length - 1) / (1 << 16)) * (1 << 16);
    expect(calls).toEqual([[lastPage, file.length]]);
  });

  it('rejects a reader that returns the wrong number of bytes', () => {
    const cache = new PageCache(() => new Uint8Array(3), 100, { pageSize: 10 });
    expect(() => cache.read(new Uint8Array(5), 0, 5, 0)).toThrow(
      /bytes 0-9 returned 3 bytes/
    );
  });

  it('fetches small pages for scattered reads and a whole region for a second read nearby', () => {
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => i & 255);
    const { read, calls } = recordingReader(bytes);
    // The defaults: 16 KiB pages, regions of 8 pages.
    const cache = new PageCache(read, bytes.length);
    const piece = new Uint8Array(300);
    // Metadata far apart (pynwb files): one page each.
    cache.read(piece, 0, 300, 0);
    cache.read(piece, 0, 300, 200_000);
    expect(calls).toEqual([
      [0, 16_384],
      [196_608, 212_992]
    ]);
    // A second piece in the first region (packed metadata, h5wasm files):
    // the rest of the 128 KiB region, in one request.
    cache.read(piece, 0, 300, 40_000);
    expect(calls[2]).toEqual([16_384, 131_072]);
    cache.read(piece, 0, 300, 100_000);
    expect(calls).toHaveLength(3);
    expect(Array.from(piece.subarray(0, 3))).toEqual([
      100_000 & 255,
      100_001 & 255,
      100_002 & 255
    ]);
  });

  it('fetches the region next to one fetched whole at once, and never widens a large read', () => {
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => i & 255);
    const { read, calls } = recordingReader(bytes);
    const cache = new PageCache(read, bytes.length);
    const piece = new Uint8Array(300);
    cache.read(piece, 0, 300, 0);
    cache.read(piece, 0, 300, 40_000); // region 0 fetched whole
    // Packed metadata goes on into region 1: one request for all of it.
    cache.read(piece, 0, 300, 140_000);
    expect(calls[2]).toEqual([131_072, 262_144]);
    // A chunk-sized read, twice in a region, fetches only its own pages.
    const chunk = new Uint8Array(40_000);
    cache.read(chunk, 0, 40_000, 600_000);
    cache.read(chunk, 0, 40_000, 680_000);
    expect(calls.slice(3)).toEqual([
      [589_824, 655_360],
      [671_744, 720_896]
    ]);
  });
});
