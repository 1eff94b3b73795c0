/**
 * The read-back reads numeric rows in place on the wasm heap: the same values as h5wasm's
 * `slice` (dtype, 2-D rows, filters), without a copy per slice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { flatValues } from '../../../src/convert/fidelity/compare';
import { readRows } from '../../../src/convert/session/readRows';
import { writeArray } from '../../../src/nwb/array';
import { writeNwbFile } from '../../../src/nwb/file';
import {
  getGroup,
  h5Module,
  h5Ready,
  textArray,
  type Dataset
} from '../../../src/nwb/h5';

const dir = mkdtempSync(join(tmpdir(), 'read-rows-'));
const path = join(dir, 'r.nwb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 200_000;
const arrays = {
  f64: Float64Array.from({ length: n }, (_, i) => (i % 991 ? i / 7 : NaN)),
  f32: Float32Array.from({ length: n }, (_, i) => Math.fround(i / 3)),
  i32: Int32Array.from({ length: n }, (_, i) => i * 7919 - 1e6),
  u16: Uint16Array.from({ length: n }, (_, i) => (i * 31) % 65536),
  i8: Int8Array.from({ length: n }, (_, i) => (i % 256) - 128),
  u8: Uint8Array.from({ length: n }, (_, i) => (i * 13) % 256)
};
const pose = Float64Array.from({ length: 3 * n }, (_, i) => Math.sin(i));

beforeAll(async () => {
  await writeNwbFile(
    path,
    {
      identifier: 'x',
      sessionDescription: 'read rows',
      sessionStartTime: '2024-01-01T00:00:00+00:00'
    },
    async nwb => {
      const group = getGroup(nwb.ctx.file, '/acquisition', path);
      for (const [name, values] of Object.entries(arrays)) {
        await writeArray(nwb.ctx, group, name, values);
      }
      await writeArray(nwb.ctx, group, 'pose', {
        values: pose,
        shape: [n, 3]
      });
      textArray(group, 'labels', ['a', 'bb', 'ccc']);
    },
    { storage: { deflateWorkers: 2, shuffle: true, chunkBytes: 64_000 } }
  );
});

describe('rows read back in place', () => {
  it('holds what slice() reads, for every numeric dtype and 2-D rows, as a view on the wasm heap', async () => {
    const h5 = await h5Ready();
    const file = new h5.File(path, 'r');
    try {
      for (const name of [...Object.keys(arrays), 'pose']) {
        const ds = file.get(`/acquisition/${name}`) as Dataset;
        for (const [from, to] of [
          [0, n],
          [12_345, 99_999],
          [n - 1, n],
          [7, 7]
        ]) {
          const expected = flatValues(ds.slice([[from, to]]));
          const rows = readRows(ds, from, to);
          expect(rows.constructor).toBe(expected.constructor);
          expect(Array.from(rows)).toEqual(Array.from(expected));
          if (to > from) {
            // In place: no copy, the heap's own memory.
            expect((rows as Float64Array).buffer).toBe(
              h5Module().HEAPU8.buffer
            );
          }
        }
      }
      // Not numeric: read through slice() as before.
      const labels = file.get('/acquisition/labels') as Dataset;
      expect(Array.from(readRows(labels, 1, 3))).toEqual(['bb', 'ccc']);
    } finally {
      file.close();
    }
  });
});
