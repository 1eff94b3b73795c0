/**
 * The quirks corpus is deterministic (same seed, same bytes), each case's
 * expectation is complete, and each mutation did what its case says.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { listFiles } from '../../../src/one/generate/cacheTables';
import { QUIRK_CASES } from '../../../src/one/generate/quirks';
import { readNpy } from '../../../src/one/generate/quirks/kit/arrays';

function digest(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map(rel => [
      rel,
      createHash('md5')
        .update(fs.readFileSync(path.join(dir, rel)))
        .digest('hex')
    ])
  );
}

async function build(name: string, seed: number) {
  const quirk = QUIRK_CASES.find(c => c.name === name)!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `quirk-${name}-`));
  const built = await quirk.build(dir, seed);
  return { dir, built };
}

describe('quirks corpus', () => {
  it('names every case once and gives every failure a code and every case its files', () => {
    const names = QUIRK_CASES.map(c => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of QUIRK_CASES) {
      expect(c.name).toMatch(/^[a-z0-9_]+$/);
      expect(c.issue).toMatch(/^\d+\.\d+$/);
      if (c.expect.exit !== 0) {
        expect(c.expect.code, c.name).toBeDefined();
        expect(c.expect.files, c.name).toBe('none');
      } else {
        expect(c.expect.files, c.name).toBe('nwb');
      }
    }
  });

  it('builds the same bytes from the same seed, other bytes from another', async () => {
    const a = await build('probability_left_float_noise', 19);
    const b = await build('probability_left_float_noise', 19);
    const c = await build('probability_left_float_noise', 20);
    expect(digest(a.dir)).toEqual(digest(b.dir));
    expect(digest(a.dir)).not.toEqual(digest(c.dir));
  });

  it('swaps neighbouring spike times so that the named row is the first to go backwards', async () => {
    const { built } = await build('spikes_times_unsorted', 19);
    const times = readNpy(
      path.join(built.session, 'alf/probe00/pykilosort/spikes.times.npy')
    ).data as Float64Array;
    const row = built.facts!.row as number;
    const first = times.findIndex((t, i) => i > 0 && t < times[i - 1]);
    expect(first).toBe(row);
  });
});
