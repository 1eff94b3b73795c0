import * as fs from 'node:fs';
import * as path from 'node:path';

import { bareCase, barePath } from './kit/bare';
import { caseCache } from './kit/cache';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'bare_wheel_timestamps_missing';
const MISSING = 'alf/_ibl_wheel.timestamps.npy';

export const bareMissingWheelTimestamps: IQuirkCase = {
  name: NAME,
  issue: '19.4',
  describe: `bare session folder: _ibl_wheel.position.npy present, ${MISSING} missing`,
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
