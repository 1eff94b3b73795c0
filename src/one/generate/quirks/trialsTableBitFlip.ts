import * as fs from 'node:fs';

import { Rng } from '../rng';
import { readTable } from './kit/arrays';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'trials_table_bit_flip';
const DATASET = 'alf/_ibl_trials.table.pqt';

/**
 * One bit flipped in a response time inside the trials table after the cache
 * recorded its md5: the file still parses and the value is plausible, so only
 * the hash can tell. The lowest bit of the value's mantissa, in its stored bytes.
 */
export const trialsTableBitFlip: IQuirkCase = {
  name: NAME,
  issue: '19.7',
  describe: `${DATASET}: one bit of one response_times value flipped; datasets.pqt keeps the original md5`,
  expect: {
    exit: 1,
    code: 'DATASET_INVALID',
    messageIncludes: [DATASET],
    files: 'none'
  },
  async build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const file = c.file(DATASET);
    const column = (await readTable(file)).find(
      col => col.name === 'response_times'
    );
    const bytes = fs.readFileSync(file);
    const rng = new Rng(seed, NAME);
    const output = outputFile(dir, NAME);
    const rows = column!.values.length;
    for (let attempt = 0; attempt < rows; attempt++) {
      const row = (rng.int(rows) + attempt) % rows;
      const value = Buffer.alloc(8);
      value.writeDoubleLE(Number(column!.values[row]));
      const at = bytes.indexOf(value);
      // a value stored once, literally (snappy keeps incompressible floats as literals)
      if (
        Number.isFinite(value.readDoubleLE(0)) &&
        at >= 0 &&
        bytes.indexOf(value, at + 1) < 0
      ) {
        bytes[at] ^= 1;
        fs.writeFileSync(file, bytes);
        return {
          args: cacheArgs(c, output),
          output,
          session: c.folder,
          facts: {
            flippedRow: row,
            original: value.readDoubleLE(0),
            flipped: bytes.readDoubleLE(at)
          }
        };
      }
    }
    throw new Error(`${file}: no response time stored literally once`);
  }
};
