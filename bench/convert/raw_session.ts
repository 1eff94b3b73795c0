/**
 * Generates one 'small' session whose raw AP excerpts are long, for raw_bench.py:
 *
 *   node_modules/.bin/tsx bench/convert/raw_session.ts OUT_DIR SECONDS [PROBES] [SEED]
 *
 * The project's generator as is (generateCache); only the 'small' preset is
 * overridden in this process: rawSamples = SECONDS × 30 kHz per probe and PROBES
 * probes (1 by default). Each probe's 385-channel int16 excerpt is synthesised in
 * memory (SECONDS × 23 MB) and written as mtscomp .cbin + .ch and a SpikeGLX .meta.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateCache } from '../../src/one/generate/generateCache';
import { SIZES } from '../../src/one/generate/sizes';

const [out, secondsArg, probesArg = '1', seedArg = '5'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const probes = Number(probesArg);
if (!out || !(seconds > 0) || !(probes >= 1 && probes <= 2)) {
  process.stderr.write(
    'usage: raw_session.ts OUT_DIR SECONDS [PROBES 1|2] [SEED]\n'
  );
  process.exit(2);
}
SIZES.small = {
  ...SIZES.small,
  probes,
  rawSamples: Math.round(seconds * 30000)
};
const here = path.dirname(fileURLToPath(import.meta.url));
const start = performance.now();
const result = generateCache({
  outDir: out,
  sessions: 1,
  seed: Number(seedArg),
  size: 'small',
  fixturesDir: path.resolve(here, '../../../shared/fixtures'),
  log: line => process.stdout.write(line + '\n')
});
process.stdout.write(
  `${JSON.stringify({
    eid: result.sessions[0].eid,
    seconds: (performance.now() - start) / 1000
  })}\n`
);
