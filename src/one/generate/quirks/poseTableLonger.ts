import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { resizeAgainstTimes } from './kit/resize';
import { IQuirkCase } from './types';

const NAME = 'pose_table_3_rows_longer';

/** Same tolerance for a Lightning Pose table a few rows longer than its camera's times. */
export const poseTableLonger: IQuirkCase = {
  name: NAME,
  issue: '19.1',
  describe:
    '_ibl_leftCamera.lightningPose.pqt has 3 rows more than _ibl_leftCamera.times.npy',
  expect: {
    exit: 0,
    notes: ['left.*\\b(3|3,?603)\\b|\\b(3|3,?603)\\b.*left'],
    files: 'nwb'
  },
  async build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const sizes = await resizeAgainstTimes(
      c.file('alf/_ibl_leftCamera.lightningPose.pqt'),
      c.file('alf/_ibl_leftCamera.times.npy'),
      3
    );
    c.reindex();
    const output = outputFile(dir, NAME);
    return {
      args: cacheArgs(c, output),
      output,
      session: c.folder,
      facts: sizes
    };
  }
};
