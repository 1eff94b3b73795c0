import * as fs from 'node:fs';

import { Rng } from '../rng';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'stale_chunk_file';

/** A killed run left OUT.nwb.part.chunks behind; a later successful run must not keep it. */
export const staleChunkFile: IQuirkCase = {
  name: NAME,
  issue: '19.11',
  describe:
    'a stale OUT.nwb.part.chunks (64 KiB of a killed run) beside the output',
  expect: { exit: 0, files: 'nwb' },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const output = outputFile(dir, NAME);
    const stale = `${output}.part.chunks`;
    const rng = new Rng(seed, NAME);
    fs.writeFileSync(
      stale,
      Uint8Array.from({ length: 65536 }, () => rng.int(256))
    );
    return {
      args: cacheArgs(c, output),
      output,
      session: c.folder,
      absentAfter: [stale]
    };
  }
};
