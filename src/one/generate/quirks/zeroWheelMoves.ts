import * as path from 'node:path';

import { writeNpy } from '../npyWriter';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'zero_wheel_moves';

/**
 * A session where the mouse never moved the wheel enough to detect a movement:
 * wheelMoves has zero rows. An empty table in the file is a
 * BEST_PRACTICE_VIOLATION (and crashes nwbinspector): skip it with its reason.
 */
export const zeroWheelMoves: IQuirkCase = {
  name: NAME,
  issue: '19.8',
  describe:
    '_ibl_wheelMoves.intervals.npy (0, 2) and _ibl_wheelMoves.peakAmplitude.npy (0,)',
  expect: {
    exit: 0,
    skipped: ['wheelMoves.*has no rows'],
    files: 'nwb'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const alf = c.file('alf');
    writeNpy(
      path.join(alf, '_ibl_wheelMoves.intervals.npy'),
      '<f8',
      new Float64Array(0),
      [0, 2]
    );
    writeNpy(
      path.join(alf, '_ibl_wheelMoves.peakAmplitude.npy'),
      '<f8',
      new Float64Array(0),
      [0]
    );
    c.reindex();
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output), output, session: c.folder };
  }
};
