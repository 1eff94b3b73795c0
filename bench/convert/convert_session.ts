/**
 * Benchmark driver: one conversion with convertSession (the CLI's defaults), with or without the md5 check.
 *   convert_session.ts <cacheDir> <eid|session path> <out.nwb> [--no-hash-check]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { convertSession } from '../../src/convert/convertSession';

// Run from the repository root (hash_cost.py does).
const ATLAS = join(process.cwd(), 'jupyterlab_ibl_nwb/atlas');

const [cacheDir, eid, output, ...rest] = process.argv.slice(2);
convertSession({
  cacheDir,
  eid,
  output,
  overwrite: true,
  // The atlas tables the CLI bundles (as ibl2nwb convert uses by default), when built.
  atlasDir: existsSync(ATLAS) ? ATLAS : undefined,
  verifyHashes: !rest.includes('--no-hash-check'),
  // As ibl2nwb convert: compress on two worker threads.
  storage: { deflateWorkers: 2 }
}).catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
