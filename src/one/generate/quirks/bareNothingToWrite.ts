import * as fs from 'node:fs';
import * as path from 'node:path';

import { bareCase, barePath } from './kit/bare';
import { caseCache } from './kit/cache';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'bare_nothing_to_write';

/**
 * A session straight off the rig: raw ephys and the probe description, nothing
 * extracted or sorted yet. A default run would write no modality: that is not a
 * success (CONTRACTS.md 6).
 */
export const bareNothingToWrite: IQuirkCase = {
  name: NAME,
  issue: '19.4',
  describe:
    'bare session folder with only raw_ephys_data and alf/probes.description.json, default run',
  expect: {
    exit: 3,
    code: 'NOTHING_WRITTEN',
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const bare = bareCase(
      dir,
      c.folder,
      barePath(c.sessions[0]),
      outputFile(dir, NAME)
    );
    const alf = path.join(bare.folder, 'alf');
    for (const name of fs.readdirSync(alf)) {
      if (name !== 'probes.description.json') {
        fs.rmSync(path.join(alf, name), { recursive: true });
      }
    }
    return {
      prepare: bare.prepare,
      args: bare.args(),
      output: bare.output,
      session: bare.folder
    };
  }
};
