import * as fs from 'node:fs';
import * as path from 'node:path';

import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'raw_without_cbin';

/**
 * `--raw` asks for the raw bands and the NIDQ sync; without a .cbin and without the sync
 * fronts none can be written, so the run is not a success.
 */
export const rawWithoutCbin: IQuirkCase = {
  name: NAME,
  issue: '19.11',
  describe:
    '--raw on a session whose raw_ephys_data holds .meta and .ch but no .cbin (and no NIDQ sync)',
  expect: {
    exit: 3,
    code: 'NOT_AVAILABLE',
    messageIncludes: ['cbin'],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const raw = c.file('raw_ephys_data');
    for (const probe of fs.readdirSync(raw)) {
      if (!fs.statSync(path.join(raw, probe)).isDirectory()) {
        fs.rmSync(path.join(raw, probe)); // the NIDQ sync fronts and wiring
        continue;
      }
      for (const name of fs.readdirSync(path.join(raw, probe))) {
        if (name.endsWith('.cbin')) {
          fs.rmSync(path.join(raw, probe, name));
        }
      }
    }
    c.reindex();
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output, '--raw'), output, session: c.folder };
  }
};
