import { randomFillSync } from 'node:crypto';
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

import { chunkSink, DeflatePool } from '../../../src/nwb/fast/deflate-pool';

/** HDF5's shuffle filter, byte by byte: byte j of every element, then the tail as is. */
function shuffleReference(input: Uint8Array, itemBytes: number): Uint8Array {
  const n = Math.floor(input.length / itemBytes);
  const out = new Uint8Array(input.length);
  for (let j = 0; j < itemBytes; j++) {
    for (let i = 0; i < n; i++) {
      out[j * n + i] = input[i * itemBytes + j];
    }
  }
  out.set(input.subarray(n * itemBytes), n * itemBytes);
  return out;
}

const pool = new DeflatePool(2);
afterAll(() => pool.close());

describe('deflate pool', () => {
  it.each([1, 2, 4, 8, 3])(
    'shuffles %i-byte elements as HDF5 does, then deflates',
    async itemBytes => {
      for (const length of [0, 1, 7, 8, 32, 4096, 4096 + 5, 4096 + 32]) {
        const input = new Uint8Array(length);
        for (let i = 0; i < length; i++) {
          input[i] = (i * 2654435761) >>> 24;
        }
        const expected =
          itemBytes > 1 ? shuffleReference(input, itemBytes) : input.slice();
        const { out } = await pool.compress(
          input.slice(),
          4,
          itemBytes > 1 ? itemBytes : 0
        );
        expect(Array.from(inflateSync(out))).toEqual(Array.from(expected));
      }
    }
  );
});

describe('deflate strategies', () => {
  // Bytes that barely repeat (as shuffled float64 mantissas) and a pattern that repeats
  // every 1000 bytes (as a smooth or periodic signal): only LZ77 matches find the latter.
  const noisy = new Uint8Array(1 << 16);
  const periodic = new Uint8Array(1 << 16);
  let x = 2463534242;
  const random = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 0xff;
  };
  for (let i = 0; i < noisy.length; i++) {
    noisy[i] = random();
  }
  for (let i = 0; i < periodic.length; i++) {
    periodic[i] = i < 1000 ? random() : periodic[i - 1000];
  }

  it.each(['default', 'rle', 'probe'] as const)(
    '%s makes zlib streams of the shuffled input',
    async strategy => {
      for (const input of [noisy, periodic]) {
        const { out } = await pool.compress(input.slice(), 4, 8, strategy);
        expect(
          Buffer.from(inflateSync(out)).equals(
            Buffer.from(shuffleReference(input, 8))
          )
        ).toBe(true);
      }
    }
  );

  it('probe keeps run-length only when it costs at most 10 % in size', async () => {
    const a = await pool.compress(noisy.slice(), 4, 0, 'probe');
    expect(a.strategy).toBe('rle');
    const b = await pool.compress(periodic.slice(), 4, 0, 'probe');
    expect(b.strategy).toBe('default');
    const rle = await pool.compress(periodic.slice(), 4, 0, 'rle');
    expect(rle.strategy).toBe('rle');
    expect(b.out.length * 1.1).toBeLessThan(rle.out.length);
  });
});

describe('a deflate pool whose chunk fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deflate-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A descriptor no file has: writes to it fail as a full disk's would (EBADF here). */
  const broken = chunkSink(2 ** 30);

  it('rejects that chunk, every queued one and every later one (never hangs)', async () => {
    const one = new DeflatePool(1);
    try {
      // Every expectation is attached at once, as the writer attaches its handlers: a thread
      // holds two chunks (pool depth 2), so the second may reject before a loop awaiting
      // them one by one has reached it (an unhandled rejection, seen in CI).
      const chunks = [0, 1, 2, 3].map(() =>
        expect(
          one.compress(new Uint8Array(1000), 4, 0, 'default', broken)
        ).rejects.toThrow(/EBADF/)
      );
      await Promise.all(chunks);
      // Before: the dead worker was never replaced and this waited for ever.
      await expect(one.compress(new Uint8Array(10), 4, 0)).rejects.toThrow(
        /EBADF/
      );
    } finally {
      await one.close();
    }
  });

  it("settles other threads' chunks only once they are written (their file may be closed then)", async () => {
    const two = new DeflatePool(2);
    const path = join(dir, 'chunks');
    const fd = openSync(path, 'w');
    try {
      // Both threads running first.
      await Promise.all(
        [1, 2].map(() => two.compress(new Uint8Array(8), 1, 0))
      );
      const sink = chunkSink(fd);
      const big = new Uint8Array(24 << 20);
      randomFillSync(big);
      // Slow (level 9 over 24 MiB of noise) on one thread, failing at once on the other.
      const slow = two.compress(big, 9, 0, 'default', sink);
      const failed = two.compress(new Uint8Array(10), 4, 0, 'default', broken);
      await Promise.allSettled([slow, failed]);
      const reserved = Number(new BigInt64Array(sink.end)[0]);
      // Everything the slow thread reserved is already in the file when its promise settles.
      expect(reserved).toBeGreaterThan(24 << 20);
      expect(fstatSync(fd).size).toBe(reserved);
    } finally {
      closeSync(fd);
      await two.close();
    }
  });
});
