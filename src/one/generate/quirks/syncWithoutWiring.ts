import * as fs from 'node:fs';

import { NIDQ_WIRING_FILE } from '../nidqSync';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'sync_without_wiring';

/**
 * NIDQ sync fronts without the wiring file (older sessions): the lines are named with
 * ibllib's default 3B map, as IBL's extractors do, and the report says so.
 */
export const syncWithoutWiring: IQuirkCase = {
  name: NAME,
  issue: '13.3',
  describe: `--raw on a session with _spikeglx_sync.* but no ${NIDQ_WIRING_FILE}`,
  expect: {
    exit: 0,
    notes: ['sync: .*default 3B NIDQ map'],
    files: 'nwb'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    fs.rmSync(c.file(`raw_ephys_data/${NIDQ_WIRING_FILE}`));
    c.reindex();
    const output = outputFile(dir, NAME);
    return { args: cacheArgs(c, output, '--raw'), output, session: c.folder };
  }
};
