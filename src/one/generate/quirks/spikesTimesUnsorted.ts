import { Rng } from '../rng';
import { readNpy } from './kit/arrays';
import { caseCache } from './kit/cache';
import { swapNeighbours } from './kit/disorder';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'spikes_times_unsorted';
const DATASET = 'alf/probe00/pykilosort/spikes.times.npy';

/**
 * Two neighbouring spikes of one cluster swapped: the file is no longer sorted
 * and that unit would get non-ascending spike_times (nwbinspector CRITICAL
 * check_ascending_spike_times). Refuse, naming the file and the row.
 */
export const spikesTimesUnsorted: IQuirkCase = {
  name: NAME,
  issue: '19.2',
  describe: `${DATASET}: two neighbouring spikes of one cluster swapped, so the times go backwards once`,
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: [DATASET],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const clusters = readNpy(c.file(DATASET.replace('times', 'clusters'))).data;
    const row = swapNeighbours(
      c.file(DATASET),
      new Rng(seed, NAME),
      i => clusters[i] === clusters[i + 1]
    );
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
