import * as fs from 'node:fs';
import * as path from 'node:path';

import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'metadata_incomplete_eid';

/**
 * A cache without ONE's REST cache (tables only): the start time with its time
 * zone is unknown. For a folder the CLI exits 2 and says how to give it; an eid
 * must end the same way (one exit-code table, CONTRACTS.md 1).
 */
export const metadataIncompleteEid: IQuirkCase = {
  name: NAME,
  issue: '19.11',
  describe:
    'convert <eid> --cache on a cache whose .rest folder (the Alyx records) is missing',
  expect: {
    exit: 2,
    code: 'METADATA_INVALID',
    messageIncludes: ['ibl2nwb metadata'],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    fs.rmSync(path.join(c.cacheDir, '.rest'), { recursive: true });
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output), output, session: c.folder };
  }
};
