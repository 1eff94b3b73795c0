// Reads [[naiveIso, timeZone], ...] as JSON on stdin; prints our localised times as JSON.
import { readFileSync } from 'node:fs';

import { withTimeZone } from '../../../src/convert/metadata/timezone';

const pairs: [string, string][] = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(
  JSON.stringify(pairs.map(([naive, zone]) => withTimeZone(naive, zone)))
);
