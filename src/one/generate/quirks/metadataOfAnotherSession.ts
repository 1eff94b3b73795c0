import * as path from 'node:path';

import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'metadata_of_another_session';

/**
 * Session A converted with the metadata document of session B (same cache, a
 * different subject or date): A's data must not be written under B's eid,
 * subject and lab.
 */
export const metadataOfAnotherSession: IQuirkCase = {
  name: NAME,
  issue: '19.3',
  describe:
    'convert session A with --metadata written for session B of the same cache',
  expect: {
    exit: 2,
    code: 'METADATA_MISMATCH',
    messageIncludes: ['other-session.json'],
    files: 'none'
  },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME, 2);
    const [a, b] = c.sessions;
    if (a.subject.nickname === b.subject.nickname && a.date === b.date) {
      throw new Error(`${NAME}: the two sessions share subject and date`);
    }
    const meta = path.join(dir, 'other-session.json');
    const output = outputFile(dir, NAME);
    return {
      prepare: [
        { args: ['metadata', b.eid, '--cache', c.cacheDir, '-o', meta] }
      ],
      args: cacheArgs(c, output, '--metadata', meta),
      output,
      session: c.folder,
      facts: { eid: a.eid, otherEid: b.eid }
    };
  }
};
