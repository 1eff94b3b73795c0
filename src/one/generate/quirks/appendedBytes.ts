import * as fs from 'node:fs';

import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'appended_bytes';
const DATASET = 'alf/_ibl_wheelMoves.peakAmplitude.npy';

/**
 * Eight bytes appended to an .npy (a botched copy): numpy and a reader that
 * trusts the header still read the right number of values, so only the size
 * recorded in the cache tells the file is not the one released.
 */
export const appendedBytes: IQuirkCase = {
  name: NAME,
  issue: '19.7',
  describe: `${DATASET} with 8 bytes appended; datasets.pqt keeps its size and md5`,
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: [DATASET],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    fs.appendFileSync(c.file(DATASET), Buffer.alloc(8, 0x3f));
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output), output, session: c.folder };
  }
};
