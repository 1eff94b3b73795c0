import * as path from 'node:path';

import { caseCache } from './kit/cache';
import { cacheArgs } from './kit/output';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'split_distinct_identifiers';

/**
 * `--split` writes the release's two files of one session; each NWB file needs
 * its own identifier (nwbinspector CRITICAL check_unique_identifiers on the
 * pair), the eid stays in session_id.
 */
export const splitIdentifiers: IQuirkCase = {
  name: NAME,
  issue: '19.5',
  describe: '--split: processed and raw files of one session, in one folder',
  expect: { exit: 0, files: 'nwb' },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const s = c.sessions[0];
    const folder = path.dirname(outputFile(dir, NAME));
    const stem = `sub-${s.subject.nickname}_ses-${c.eid}`;
    const output = path.join(
      folder,
      `${stem}_desc-processed_behavior+ecephys.nwb`
    );
    const raw = path.join(folder, `${stem}_desc-raw_ecephys.nwb`);
    return {
      args: cacheArgs(c, output, '--split'),
      output,
      outputs: [output, raw],
      session: c.folder,
      facts: { eid: c.eid }
    };
  }
};
