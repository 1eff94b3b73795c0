import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { resizeAgainstTimes } from './kit/resize';
import { IQuirkCase } from './types';

const NAME = 'pupil_features_3_rows_longer';

/** The release keeps the first len(times) rows of a slightly longer pupil table and says so. */
export const pupilFeaturesLonger: IQuirkCase = {
  name: NAME,
  issue: '19.1',
  describe:
    '_ibl_leftCamera.features.pqt has 3 rows more than _ibl_leftCamera.times.npy (common in real sessions)',
  expect: {
    exit: 0,
    // a note per camera: which camera, and the rows dropped (3) or the table's (3,603)
    notes: ['left.*\\b(3|3,?603)\\b|\\b(3|3,?603)\\b.*left'],
    files: 'nwb'
  },
  async build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const sizes = await resizeAgainstTimes(
      c.file('alf/_ibl_leftCamera.features.pqt'),
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
