import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

import { DeflatePool } from '../../../src/nwb/fast/deflate-pool';

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
      for (const length of [0, 1, 7, 8, 4096, 4096 + 5]) {
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
