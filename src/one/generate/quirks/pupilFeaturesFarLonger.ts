import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { resizeAgainstTimes } from './kit/resize';
import { IQuirkCase } from './types';

const NAME = 'pupil_features_far_longer_than_times';

/**
 * 150 extra rows on 3,600 frames: more than 1 % and more than 100 frames, so not
 * the release's few trailing frames but a table of another recording.
 */
export const pupilFeaturesFarLonger: IQuirkCase = {
  name: NAME,
  issue: '19.1',
  describe:
    '_ibl_leftCamera.features.pqt has 150 rows (> 1 % and > 100) more than the frame times',
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
      150
    );
    if (sizes.rows - sizes.frames <= Math.max(100, sizes.frames / 100)) {
      throw new Error(
        `${NAME}: ${sizes.frames} frames, 150 extra rows are not far longer`
      );
    }
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
