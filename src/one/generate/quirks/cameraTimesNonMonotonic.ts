import { Rng } from '../rng';
import { caseCache } from './kit/cache';
import { swapNeighbours } from './kit/disorder';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'camera_times_non_monotonic';
const DATASET = 'alf/_ibl_leftCamera.times.npy';

/** Frame times feed the pose, pupil and motion-energy series: backwards times are damage. */
export const cameraTimesNonMonotonic: IQuirkCase = {
  name: NAME,
  issue: '19.2',
  describe: `${DATASET}: two neighbouring frame times swapped`,
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: [DATASET],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const row = swapNeighbours(c.file(DATASET), new Rng(seed, NAME));
    c.reindex();
    const output = outputFile(dir, NAME);
    return {
      args: cacheArgs(c, output),
      output,
      session: c.folder,
      facts: { row }
    };
  }
};
