import { Rng } from '../rng';
import { readNpy, saveNpy } from './kit/arrays';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'sync_polarity_invalid';
const DATASET = 'raw_ephys_data/_spikeglx_sync.polarities.npy';

/** A front whose polarity is 0 (neither rising nor falling): the sync events cannot be labelled. */
export const syncPolarityInvalid: IQuirkCase = {
  name: NAME,
  issue: '13.3',
  describe: `${DATASET}: one front's polarity is 0, not ±1 (--raw)`,
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: [DATASET, 'polarity'],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const npy = readNpy(c.file(DATASET));
    const row = new Rng(seed, NAME).int(npy.data.length);
    (npy.data as Float64Array)[row] = 0;
    saveNpy(c.file(DATASET), npy);
    c.reindex();
    const output = outputFile(dir, NAME);
    return {
      args: cacheArgs(c, output, '--raw'),
      output,
      session: c.folder,
      facts: { row }
    };
  }
};
