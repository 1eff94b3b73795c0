import { readNpy, readTable, saveNpy, writeTable } from './kit/arrays';
import { caseCache } from './kit/cache';
import { cacheArgs, outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'probability_left_float_noise';

/**
 * Block probabilities as a float computation leaves them (0.19999999999999996
 * for 0.2): block_type must still name the block, and the noise must not start
 * new blocks.
 */
export const probabilityLeftFloatNoise: IQuirkCase = {
  name: NAME,
  issue: '19.6',
  describe:
    'probabilityLeft of 0.5 / 0.2 / 0.8 blocks with some values one float step off',
  expect: { exit: 0, files: 'nwb' },
  async build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const table = c.file('alf/_ibl_trials.table.pqt');
    const columns = await readTable(table);
    const column = columns.find(col => col.name === 'probabilityLeft');
    if (!column || column.kind !== 'float64') {
      throw new Error(`${table}: no float64 probabilityLeft column`);
    }
    const p = noisyBlocks(column.values.length);
    column.values = p;
    writeTable(table, columns);
    // the legacy per-attribute file says the same
    const legacy = c.file('alf/_ibl_trials.probabilityLeft.npy');
    const npy = readNpy(legacy);
    npy.data = p;
    saveNpy(legacy, npy);
    c.reindex();
    const output = outputFile(dir, NAME);
    return {
      args: cacheArgs(c, output),
      output,
      session: c.folder,
      facts: { probabilityLeft: Array.from(p) }
    };
  }
};

/** Thirds of 0.5, 0.2 and 0.8, every other trial of a block one float step off its value. */
function noisyBlocks(n: number): Float64Array {
  const noisy: Record<number, number> = {
    0.5: 0.49999999999999994,
    0.2: 0.19999999999999996,
    0.8: 0.8000000000000002
  };
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const block = i < n / 3 ? 0.5 : i < (2 * n) / 3 ? 0.2 : 0.8;
    p[i] = i % 2 === 1 ? noisy[block] : block;
  }
  return p;
}
