import * as fs from 'node:fs';
import * as path from 'node:path';

import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'part_is_a_symlink';

/**
 * Someone (or something) placed a symlink where the converter writes its
 * temporary file, OUT.nwb.part → a file of theirs. Writing through it would
 * destroy that file; the run must leave it alone, and either write a real
 * OUT.nwb or refuse clearly.
 */
export const partSymlink: IQuirkCase = {
  name: NAME,
  issue: '19.11',
  describe: 'OUT.nwb.part is a pre-placed symlink to another file',
  expect: {
    exit: 0,
    files: 'nwb',
    alternative: {
      exit: 2,
      code: ['OUTPUT_EXISTS', 'OUTPUT_INVALID'],
      messageIncludes: ['.nwb.part'],
      files: 'none'
    }
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const output = outputFile(dir, NAME);
    const victim = path.join(dir, 'precious.dat');
    fs.writeFileSync(victim, 'a file the converter must not touch\n');
    const part = `${output}.part`;
    fs.symlinkSync(victim, part);
    return {
      args: cacheArgs(c, output),
      output,
      session: c.folder,
      untouched: [victim],
      preplaced: [part]
    };
  }
};
