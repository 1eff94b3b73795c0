import * as fs from 'node:fs';

import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'truncated_file';
const DATASET = 'alf/licks.times.npy';

/** A download cut short: the file is 16 bytes shorter than the cache's file_size. */
export const truncatedFile: IQuirkCase = {
  name: NAME,
  issue: '19.7',
  describe: `${DATASET} cut by 16 bytes; datasets.pqt keeps its size and md5`,
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: [DATASET],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const file = c.file(DATASET);
    fs.truncateSync(file, fs.statSync(file).size - 16);
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output), output, session: c.folder };
  }
};
