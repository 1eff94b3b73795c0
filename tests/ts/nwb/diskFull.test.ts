/**
 * A full disk: the write rejects with a disk-full error naming the file (code ENOSPC, which
 * the CLI reports as DISK_FULL) and leaves nothing behind, at whatever point the space runs
 * out: while the workers append chunks, while HDF5 writes its part, while the chunks are
 * copied after it. A real small tmpfs (CI runs as root), pre-filled to several levels.
 */
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeArray } from '../../../src/nwb/array';
import type { IStorageOptions } from '../../../src/nwb/context';
import { NwbDiskFullError } from '../../../src/nwb/errors';
import { NWBFile, writeNwbFile } from '../../../src/nwb/file';
import { getGroup, h5Ready } from '../../../src/nwb/h5';

const MiB = 1 << 20;
const DISK = 8 * MiB;
const mountPoint = mkdtempSync(join(tmpdir(), 'nwb-disk-full-'));
let mounted = '';

beforeAll(() => {
  const run = spawnSync(
    'mount',
    ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', mountPoint],
    { encoding: 'utf8' }
  );
  mounted = run.status === 0 ? mountPoint : '';
  if (!mounted) {
    console.warn(
      `disk-full tests skipped: cannot mount a tmpfs here (${run.stderr.trim() || run.error}); they need root`
    );
  }
});

afterAll(() => {
  if (mounted) {
    spawnSync('umount', [mountPoint]);
  }
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Files under `dir` this process still has open (deleted ones too: they hold their space). */
function openUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd')
    .map(fd => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter(target => target.startsWith(`${dir}/`));
}

/** Incompressible values, so the compressed chunks take their full size on the disk. */
function noise(bytes: number, shared: boolean): Float64Array {
  const out = new Float64Array(
    shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
  );
  randomFillSync(new Uint8Array(out.buffer));
  // Random bytes make NaNs of many payloads; keep values exact under any comparison.
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i])) {
      out[i] = i;
    }
  }
  return out;
}

const WAYS: Record<string, Partial<IStorageOptions> & { readBack?: true }> = {
  // The workers' chunk file becomes the file: needs about the payload once.
  'workers, in place': {
    deflateWorkers: 2,
    shuffle: true,
    chunksInPlaceFromBytes: MiB
  },
  // The chunks are copied after HDF5's part: needs about twice the payload.
  'workers, copied': { deflateWorkers: 2, chunksInPlaceFromBytes: Infinity },
  // Copied on the copy thread while the file is read back (as conversions close it).
  'workers, copied on a thread': {
    deflateWorkers: 2,
    chunksInPlaceFromBytes: Infinity,
    readBack: true
  },
  'HDF5 alone': { deflateWorkers: 0 }
};

/** Writes the two datasets; closes with a read-back (the copy thread) when asked. */
async function write(
  path: string,
  a: Float64Array,
  b: Float64Array,
  way: string
): Promise<unknown> {
  const { readBack, ...storage } = WAYS[way];
  const meta = {
    identifier: 'full',
    sessionDescription: 'a disk that runs out',
    sessionStartTime: '2024-01-01T00:00:00+00:00'
  };
  const fill = async (nwb: NWBFile) => {
    const group = getGroup(nwb.ctx.file, '/acquisition', path);
    await writeArray(nwb.ctx, group, 'a', {
      dtype: 'float64',
      tail: [],
      slices: [a.subarray(0, a.length / 2), a.subarray(a.length / 2)]
    });
    await writeArray(nwb.ctx, group, 'b', b);
  };
  const options = { storage: { chunkBytes: 64 << 10, ...storage } };
  try {
    if (!readBack) {
      return await writeNwbFile(path, meta, fill, options);
    }
    const nwb = await NWBFile.create(path, meta, options);
    try {
      await fill(nwb);
    } catch (err) {
      await nwb.abort();
      throw err;
    }
    return await nwb.close({
      readBack: async (_, ready) => {
        await ready('/acquisition/a');
        await ready('/acquisition/b');
      }
    });
  } catch (err) {
    return err;
  }
}
const FILLED = [0, 1, 2, 3, 4, 5, 6, 7].map(m => m * MiB);

describe.each(Object.keys(WAYS))('a full disk (%s)', way => {
  it('fails naming the file, or writes every value, at every fill level', async ctx => {
    if (!mounted) {
      ctx.skip();
    }
    // Two datasets of 1.5 MiB: one streamed from shared memory, one copied.
    const a = noise(1.5 * MiB, true);
    const b = noise(1.5 * MiB, false);
    const outcomes: string[] = [];
    for (const filled of FILLED) {
      const filler = join(mounted, 'filler');
      if (filled > 0) {
        writeFileSync(filler, new Uint8Array(filled));
      }
      const path = join(mounted, 'full.nwb');
      const written = await write(path, a, b, way);
      if (written instanceof Error) {
        expect(written).toBeInstanceOf(NwbDiskFullError);
        expect((written as NwbDiskFullError).code).toBe('ENOSPC');
        expect(written.message).toContain(path);
        expect(written.message).toMatch(/the disk is full/);
        expect(readdirSync(mounted).sort()).toEqual(
          filled > 0 ? ['filler'] : []
        );
        // Every descriptor of the removed files is closed: their space is free again.
        expect(openUnder(mounted)).toEqual([]);
        outcomes.push('full');
      } else {
        expect(written).toBe(path);
        const h5 = await h5Ready();
        const f = new h5.File(path, 'r');
        try {
          for (const [name, values] of [
            ['a', a],
            ['b', b]
          ] as const) {
            const ds = f.get(`/acquisition/${name}`) as InstanceType<
              typeof h5.Dataset
            >;
            expect(
              Buffer.from((ds.value as Float64Array).buffer).equals(
                Buffer.from(values.buffer)
              )
            ).toBe(true);
          }
        } finally {
          f.close();
        }
        rmSync(path);
        outcomes.push('written');
      }
      rmSync(filler, { force: true });
    }
    // The levels span both outcomes, once from written to full (more filler, less room).
    expect(outcomes[0]).toBe('written');
    expect(outcomes[outcomes.length - 1]).toBe('full');
    expect(outcomes.join(' ')).toMatch(/^(written )+(full ?)+$/);
  }, 120_000);
});
