import * as fs from 'node:fs';
import * as path from 'node:path';

import { bareCase, barePath } from './kit/bare';
import { caseCache } from './kit/cache';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'bare_wheel_asked_but_absent';

/** `--modalities wheel` on a session with no wheel at all: what was asked cannot be written. */
export const bareWheelAskedButAbsent: IQuirkCase = {
  name: NAME,
  issue: '19.4',
  describe:
    'bare session folder with no _ibl_wheel.* / _ibl_wheelMoves.* files, --modalities wheel',
  expect: {
    exit: 3,
    code: 'NOT_AVAILABLE',
    messageIncludes: ['wheel'],
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
      if (/^_ibl_wheel(Moves)?\./.test(name)) {
        fs.rmSync(path.join(alf, name));
      }
    }
    return {
      prepare: bare.prepare,
      args: bare.args('--modalities', 'wheel'),
      output: bare.output,
      session: bare.folder
    };
  }
};
