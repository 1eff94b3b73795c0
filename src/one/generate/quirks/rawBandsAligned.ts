import * as fs from 'node:fs';
import * as path from 'node:path';

import { writeNpy } from '../npyWriter';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'raw_bands_aligned';

/**
 * IBL's probe → session alignment (`*.timestamps.npy`: AP sample, session s) for both probes:
 * probe00's linear (a rate and a start time), probe01's with a change of drift (per-sample
 * timestamps). The AP and LF series must both follow it, LF at one sample per 12 AP samples.
 */
export const rawBandsAligned: IQuirkCase = {
  name: NAME,
  issue: '13.2',
  describe:
    '--raw on a session whose probes have IBL alignment points (one linear, one with a drift change)',
  expect: { exit: 0, files: 'nwb' },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const raw = c.file('raw_ephys_data');
    const points: Record<string, number[]> = {
      // (AP sample, session s) pairs, covering the LF excerpt (480 LF = 5760 AP samples)
      probe00: [0, 12.5, 6000, 12.5 + (6000 / 30000) * (1 + 3e-5)],
      // a drift change inside the AP excerpt (600 samples), one past its end (unused by AP)
      probe01: [0, 3.25, 300, 3.2605, 6000, 3.4512, 9000, 3.55]
    };
    for (const [probe, pairs] of Object.entries(points)) {
      const [ap] = fs
        .readdirSync(path.join(raw, probe))
        .filter(n => n.endsWith('.ap.cbin'));
      const base = ap.replace(/\.ap\.cbin$/, '');
      writeNpy(
        path.join(raw, probe, `${base}.timestamps.npy`),
        '<f8',
        Float64Array.from(pairs),
        [pairs.length / 2, 2]
      );
    }
    c.reindex();
    const output = outputFile(dir, NAME);
    return {
      args: cacheArgs(c, output, '--raw'),
      output,
      session: c.folder
    };
  }
};
