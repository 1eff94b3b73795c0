import { writeNpy } from '../npyWriter';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'zero_licks';

/** No lick detected in the session: licks.times.npy has zero rows; skip, no empty Events table. */
export const zeroLicks: IQuirkCase = {
  name: NAME,
  issue: '19.8',
  describe: 'alf/licks.times.npy of shape (0,)',
  expect: {
    exit: 0,
    skipped: ['licks\\.times.*has no rows'],
    files: 'nwb'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    writeNpy(c.file('alf/licks.times.npy'), '<f8', new Float64Array(0), [0]);
    c.reindex();
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output), output, session: c.folder };
  }
};
