import { Rng } from '../rng';
import { caseCache } from './kit/cache';
import { swapNeighbours } from './kit/disorder';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'spikes_times_unsorted';
const DATASET = 'alf/probe00/pykilosort/spikes.times.npy';

/** Units would get non-ascending spike_times (nwbinspector CRITICAL): refuse, naming file and row. */
export const spikesTimesUnsorted: IQuirkCase = {
  name: NAME,
  issue: '19.2',
  describe: `${DATASET}: two neighbouring spikes swapped, so the times go backwards once`,
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
