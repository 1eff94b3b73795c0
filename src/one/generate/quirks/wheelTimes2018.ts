import * as fs from 'node:fs';
import * as path from 'node:path';

import { bareCase, barePath } from './kit/bare';
import { caseCache } from './kit/cache';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'wheel_times_2018';

/**
 * A 2018 training-rig session: no probes, no pose, no passive protocol, legacy
 * per-attribute trials only, and the wheel's times under their early name
 * `_ibl_wheel.times.npy` (later `timestamps`).
 */
export const wheelTimes2018: IQuirkCase = {
  name: NAME,
  issue: '19.9',
  describe:
    'bare 2018 session: _ibl_wheel.times.npy instead of _ibl_wheel.timestamps.npy',
  expect: { exit: 0, files: 'nwb' },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const bare = bareCase(
      dir,
      c.folder,
      { ...barePath(c.sessions[0]), date: '2018-06-05' },
      outputFile(dir, NAME)
    );
    const alf = path.join(bare.folder, 'alf');
    fs.rmSync(path.join(bare.folder, 'raw_ephys_data'), { recursive: true });
    for (const name of fs.readdirSync(alf)) {
      const keep =
        /^_ibl_trials\..*\.npy$/.test(name) ||
        /^_ibl_wheel(Moves)?\./.test(name);
      if (!keep) {
        fs.rmSync(path.join(alf, name), { recursive: true });
      }
    }
    fs.renameSync(
      path.join(alf, '_ibl_wheel.timestamps.npy'),
      path.join(alf, '_ibl_wheel.times.npy')
    );
    return {
      prepare: bare.prepare,
      args: bare.args(),
      output: bare.output,
      session: bare.folder,
      facts: { wheelTimes: 'alf/_ibl_wheel.times.npy' }
    };
  }
};
