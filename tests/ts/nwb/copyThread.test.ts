import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { copyOnThread } from '../../../src/nwb/fast/copy-thread';

const dir = mkdtempSync(join(tmpdir(), 'copy-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function side(name: string, bytes: number, seed: number): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Uint8Array.from({ length: bytes }, (_, i) => (i * seed) & 0xff)
  );
  return path;
}

describe('chunk copy thread', () => {
  it('copies each side file to its offset (larger than one copy buffer too)', async () => {
    const a = side('a', 9 << 20, 7);
    const b = side('b', 1000, 13);
    const out = join(dir, 'out');
    writeFileSync(out, new Uint8Array(16));
    const fd = openSync(out, 'r+');
    try {
      await Promise.all(
        copyOnThread(fd, [
          { sideFile: a, base: 16n },
          { sideFile: b, base: 16n + (9n << 20n) }
        ])
      );
    } finally {
      closeSync(fd);
    }
    const bytes = readFileSync(out);
    expect(bytes.length).toBe(16 + (9 << 20) + 1000);
    expect(bytes.subarray(16, 16 + (9 << 20)).equals(readFileSync(a))).toBe(
      true
    );
    expect(bytes.subarray(16 + (9 << 20)).equals(readFileSync(b))).toBe(true);
  });

  it('fails the file it cannot copy and every one after it', async () => {
    const a = side('c', 100, 3);
    const out = join(dir, 'out2');
    const fd = openSync(out, 'w');
    try {
      const results = await Promise.allSettled(
        copyOnThread(fd, [
          { sideFile: a, base: 0n },
          { sideFile: join(dir, 'missing'), base: 100n },
          { sideFile: a, base: 200n }
        ])
      );
      expect(results.map(r => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected'
      ]);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(
        /ENOENT/
      );
      // Later files fail with the cause, not a vague "stopped".
      expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(
        /ENOENT/
      );
    } finally {
      closeSync(fd);
    }
  });
});
