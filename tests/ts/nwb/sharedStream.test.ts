/** Slices in shared memory are compressed in place by the deflate workers, not copied. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { writeArray } from '../../../src/nwb/array';
import { writeNwbFile } from '../../../src/nwb/file';
import { getGroup, h5Ready } from '../../../src/nwb/h5';

const dir = mkdtempSync(join(tmpdir(), 'nwb-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = {
  identifier: 'shared',
  sessionDescription: 'shared-memory slices',
  sessionStartTime: '2024-01-01T00:00:00+00:00'
};

function shared(values: number[] | Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(values.length * 8));
  out.set(values);
  return out;
}

describe('shared-memory slices', () => {
  it.each([
    ['default', false],
    ['auto', true]
  ] as const)(
    'are stored exactly, mixed with copied slices (strategy %s, shuffle %s)',
    async (deflateStrategy, shuffle) => {
      const chunk = 1000; // rows per chunk: 8000 bytes
      const n = 10 * chunk + 123;
      const all = Float64Array.from({ length: n }, (_, i) =>
        i % 97 === 0 ? NaN : Math.sin(i) * 1e3 + i
      );
      // Shared, then copied, then shared again starting mid-chunk, ending mid-chunk.
      const cuts = [0, 2 * chunk + 10, 2 * chunk + 500, 7 * chunk + 1, n];
      const slices = cuts.slice(1).map((end, i) => {
        const part = all.subarray(cuts[i], end);
        return i === 1 ? part.slice() : shared(part);
      });
      const path = join(dir, `${deflateStrategy}.nwb`);
      await writeNwbFile(
        path,
        meta,
        async nwb => {
          const group = getGroup(nwb.ctx.file, '/acquisition', path);
          await writeArray(nwb.ctx, group, 'x', {
            dtype: 'float64',
            tail: [],
            slices,
            chunks: [chunk]
          });
          // Still being compressed: close() waits for it.
          expect(nwb.ctx.pending.length).toBe(1);
        },
        {
          storage: {
            deflateWorkers: 2,
            gzipLevel: 4,
            shuffle,
            deflateStrategy,
            chunkBytes: chunk * 8
          }
        }
      );
      expect(readdirSync(dir).filter(f => f.includes('.part'))).toEqual([]);
      const h5 = await h5Ready();
      const f = new h5.File(path, 'r');
      try {
        const ds = f.get('/acquisition/x') as InstanceType<typeof h5.Dataset>;
        expect(ds.shape).toEqual([n]);
        const back = ds.value as Float64Array;
        expect(
          Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(
            Buffer.from(all.buffer)
          )
        ).toBe(true);
      } finally {
        f.close();
      }
    }
  );
});

describe('reading back before the rename', () => {
  const values = Float64Array.from({ length: 50_000 }, (_, i) => i / 7);
  const storage = { deflateWorkers: 2, shuffle: true, chunkBytes: 8000 };

  async function open(path: string) {
    const { NWBFile } = await import('../../../src/nwb/file');
    const nwb = await NWBFile.create(path, meta, { storage });
    const group = getGroup(nwb.ctx.file, '/acquisition', path);
    await writeArray(nwb.ctx, group, 'a', shared(values));
    await writeArray(nwb.ctx, group, 'b', values.slice());
    return nwb;
  }

  it('reads each dataset once its chunks are in the .part file', async () => {
    const path = join(dir, 'readback.nwb');
    const nwb = await open(path);
    const seen: string[] = [];
    await nwb.close({
      readBack: async (partPath, ready) => {
        expect(partPath).toBe(`${path}.part`);
        const h5 = await h5Ready();
        const f = new h5.File(partPath, 'r');
        try {
          for (const name of ['/acquisition/b', '/acquisition/a']) {
            await ready(name);
            const ds = f.get(name) as InstanceType<typeof h5.Dataset>;
            expect(Array.from(ds.value as Float64Array)).toEqual(
              Array.from(values)
            );
            seen.push(name);
          }
        } finally {
          f.close();
        }
      }
    });
    expect(seen).toEqual(['/acquisition/b', '/acquisition/a']);
    expect(readdirSync(dir).filter(f => f.startsWith('readback'))).toEqual([
      'readback.nwb'
    ]);
  });

  it('leaves no file when reading back fails', async () => {
    const path = join(dir, 'failed.nwb');
    const nwb = await open(path);
    await expect(
      nwb.close({
        readBack: () => Promise.reject(new Error('values differ'))
      })
    ).rejects.toThrow('values differ');
    expect(readdirSync(dir).filter(f => f.startsWith('failed'))).toEqual([]);
  });
});
