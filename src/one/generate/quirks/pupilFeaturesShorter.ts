import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { resizeAgainstTimes } from './kit/resize';
import { IQuirkCase } from './types';

const NAME = 'pupil_features_shorter_than_times';

/** A feature table shorter than its frame times cannot be aligned: damage, named. */
export const pupilFeaturesShorter: IQuirkCase = {
  name: NAME,
  issue: '19.1',
  describe:
    '_ibl_leftCamera.features.pqt has 3 rows fewer than _ibl_leftCamera.times.npy',
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: ['alf/_ibl_leftCamera.features.pqt'],
    files: 'none'
  },
  async build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const sizes = await resizeAgainstTimes(
      c.file('alf/_ibl_leftCamera.features.pqt'),
      c.file('alf/_ibl_leftCamera.times.npy'),
      -3
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
