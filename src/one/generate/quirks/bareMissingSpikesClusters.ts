import * as fs from 'node:fs';
import * as path from 'node:path';

import { bareCase, barePath } from './kit/bare';
import { caseCache } from './kit/cache';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'bare_spikes_clusters_missing';
const MISSING = 'alf/probe00/pykilosort/spikes.clusters.npy';

/**
 * A bare folder whose probe00 `spikes` object has times but no clusters: an
 * incomplete object is damage, as in a cache, not a silent skip that also
 * drops the intact probe01.
 */
export const bareMissingSpikesClusters: IQuirkCase = {
  name: NAME,
  issue: '19.4',
  describe: `bare session folder (no cache tables): ${MISSING} missing beside spikes.times.npy`,
  expect: {
    exit: 1,
    code: 'DATASET_MISSING',
    messageIncludes: [MISSING],
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
    fs.rmSync(path.join(bare.folder, MISSING));
    return {
      prepare: bare.prepare,
      args: bare.args(),
      output: bare.output,
      session: bare.folder
    };
  }
};
