/**
 * Chunks compressed before their dataset exists (src/nwb/fast/compressAhead.ts) are the
 * chunks the dataset then stores: same values, same compressed sizes (so the same file
 * size: nothing compressed twice, no unreferenced bytes), each taken once.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { writeArray } from '../../../src/nwb/array';
import { compressAhead } from '../../../src/nwb/fast/compressAhead';
import { NWBFile, writeNwbFile } from '../../../src/nwb/file';
import { getGroup, h5Ready } from '../../../src/nwb/h5';

const dir = mkdtempSync(join(tmpdir(), 'nwb-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = {
  identifier: 'ahead',
  sessionDescription: 'chunks compressed ahead',
  sessionStartTime: '2024-01-01T00:00:00+00:00'
};

const CHUNK = 1000; // rows per chunk: 8000 bytes
const N = 9 * CHUNK + 321;
const HEAD = 5 * CHUNK + 300; // the first slice ends mid-chunk
// Rising times with noise in the low mantissa, NaNs: like spike times, strategies differ.
const all = Float64Array.from({ length: N }, (_, i) =>
  i % 89 === 0 ? NaN : i * 0.0331 + Math.sin(i * 1.7) * 1e-5
);

function shared(values: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(values.length * 8));
  out.set(values);
  return out;
}

async function valuesOf(path: string, name: string): Promise<Float64Array> {
  const h5 = await h5Ready();
  const f = new h5.File(path, 'r');
  try {
    const ds = f.get(name) as InstanceType<typeof h5.Dataset>;
    return ds.value as Float64Array;
  } finally {
    f.close();
  }
}

function same(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  );
}

/**
 * Writes `x` = head then rest (and `other` before it), compressing `ahead` first;
 * returns the file's path and whether every chunk compressed ahead was taken.
 */
async function write(
  name: string,
  storage: { deflateStrategy: 'default' | 'rle' | 'auto'; shuffle: boolean },
  ahead: 'none' | 'head' | 'rest'
): Promise<{ path: string; taken: boolean[] }> {
  const path = join(dir, `${name}.nwb`);
  const head = shared(all.subarray(0, HEAD));
  const rest = shared(all.subarray(HEAD));
  let taken: boolean[] = [];
  await writeNwbFile(
    path,
    meta,
    async (nwb: NWBFile) => {
      if (ahead !== 'none') {
        compressAhead(nwb.ctx, ahead === 'head' ? head : rest);
      }
      const group = getGroup(nwb.ctx.file, '/acquisition', path);
      // Another dataset first: its chunks queue behind the ones compressed ahead.
      await writeArray(
        nwb.ctx,
        group,
        'other',
        shared(all.slice(0, 3 * CHUNK))
      );
      await writeArray(nwb.ctx, group, 'x', {
        dtype: 'float64',
        tail: [],
        slices: [head, rest],
        rows: N
      });
      const entry = nwb.ctx.ahead?.get(
        (ahead === 'head' ? head : rest).buffer as SharedArrayBuffer
      );
      taken = entry ? [...entry.taken] : [];
    },
    {
      storage: {
        deflateWorkers: 2,
        gzipLevel: 4,
        chunkBytes: CHUNK * 8,
        ...storage
      }
    }
  );
  return { path, taken };
}

describe('chunks compressed ahead', () => {
  it.each([
    ['auto', true],
    ['auto', false],
    ['default', true],
    ['rle', true]
  ] as const)(
    'are the chunks the dataset stores (strategy %s, shuffle %s)',
    async (deflateStrategy, shuffle) => {
      const storage = { deflateStrategy, shuffle };
      const plain = await write(
        `plain-${deflateStrategy}-${shuffle}`,
        storage,
        'none'
      );
      const early = await write(
        `early-${deflateStrategy}-${shuffle}`,
        storage,
        'head'
      );
      // The head's five whole chunks, each taken by the dataset.
      expect(early.taken).toEqual([true, true, true, true, true]);
      for (const p of [plain.path, early.path]) {
        expect(same(await valuesOf(p, '/acquisition/x'), all)).toBe(true);
        expect(
          same(await valuesOf(p, '/acquisition/other'), all.slice(0, 3 * CHUNK))
        ).toBe(true);
      }
      // Same compressed chunks: the same file size to the byte.
      expect(statSync(early.path).size).toBe(statSync(plain.path).size);
    }
  );

  it('leaves chunks of an array that does not head its dataset (values still exact)', async () => {
    const storage = { deflateStrategy: 'auto', shuffle: true } as const;
    const plain = await write('plain-rest', storage, 'none');
    const misused = await write('misused-rest', storage, 'rest');
    // `rest` starts mid-chunk in x: none of its chunks lines up with x's chunks.
    expect(misused.taken.every(t => !t)).toBe(true);
    expect(same(await valuesOf(misused.path, '/acquisition/x'), all)).toBe(
      true
    );
    // Its chunks were written to the chunk file anyway: unreferenced bytes.
    expect(statSync(misused.path).size).toBeGreaterThan(
      statSync(plain.path).size
    );
  });

  it.each([
    ['copied after HDF5', Infinity],
    ['in place', 0]
  ])(
    'leaves every dataset indexed when untaken chunks end the chunk file (%s)',
    async (_how, chunksInPlaceFromBytes) => {
      const path = join(dir, `untaken-last-${chunksInPlaceFromBytes}.nwb`);
      const x = shared(all);
      await writeNwbFile(
        path,
        meta,
        async (nwb: NWBFile) => {
          const group = getGroup(nwb.ctx.file, '/acquisition', path);
          await writeArray(nwb.ctx, group, 'x', x);
          // Every chunk of x is in the chunk file before the unused ones.
          await Promise.all(nwb.ctx.pending);
          compressAhead(nwb.ctx, shared(all.slice(0, 4 * CHUNK)));
        },
        {
          storage: {
            deflateWorkers: 2,
            gzipLevel: 4,
            chunkBytes: CHUNK * 8,
            deflateStrategy: 'auto',
            shuffle: true,
            chunksInPlaceFromBytes
          }
        }
      );
      expect(same(await valuesOf(path, '/acquisition/x'), all)).toBe(true);
    }
  );
});
