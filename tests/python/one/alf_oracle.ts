/**
 * Oracle driver for test_one_alf_oracle.py: parses each string of a JSON list
 * with our ALF grammar and prints the parts (null where invalid).
 */
import { readFileSync } from 'node:fs';

import { isValidFilename, parseRelPath } from '../../../src/one/alf';
import {
  getAlfPath,
  isSessionPath,
  parseFullPath,
  removeUuid,
  sessionPathOf
} from '../../../src/one/alfPath';

const names = JSON.parse(readFileSync(process.argv[2], 'utf8')) as string[];
const out = names.map(name => ({
  valid: isValidFilename(name),
  rel: parseRelPath(name),
  full: parseFullPath(name),
  alf: getAlfPath(name),
  isSession: isSessionPath(name),
  session: sessionPathOf(name),
  noUuid: removeUuid(name)
}));
process.stdout.write(JSON.stringify(out));
