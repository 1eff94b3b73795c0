/**
 * Read the trials object as the release does: the `trials.table.pqt` columns
 * plus attributes kept in their own `.npy` files (quiescencePeriod,
 * stimOff_times…), or the legacy `trials.*.npy` files alone.
 */
import type { SessionData } from '../session/loaders';

export const TRIALS_COLLECTION = 'alf';
export const TRIALS_TABLE = '_ibl_trials.table.pqt';

/** One attribute: its values and the dataset (with column) it came from. */
export interface ITrialAttribute {
  values: Float64Array;
  source: string;
}

export async function loadTrials(
  data: SessionData,
  attributes: string[]
): Promise<Map<string, ITrialAttribute>> {
  const out = new Map<string, ITrialAttribute>();
  const table = data.index.find(TRIALS_COLLECTION, TRIALS_TABLE);
  if (table) {
    const t = await data.table(TRIALS_COLLECTION, TRIALS_TABLE);
    for (const column of t.columns) {
      if (typeof (column.values as ArrayLike<unknown>)[0] === 'string') {
        continue;
      }
      out.set(column.name, {
        values: Float64Array.from(
          column.values as ArrayLike<number | bigint>,
          Number
        ),
        source: `${table.relPath}#${column.name}`
      });
    }
  }
  for (const name of ['intervals', ...attributes]) {
    // Table columns win; intervals are stored there as intervals_0 / intervals_1.
    if (out.has(name) || (name === 'intervals' && out.has('intervals_0'))) {
      continue;
    }
    const file = `_ibl_trials.${name}.npy`;
    const found = data.index.find(TRIALS_COLLECTION, file);
    if (!found) {
      continue;
    }
    if (name === 'intervals') {
      const both = await data.numbers(TRIALS_COLLECTION, file, 2);
      const n = both.length / 2;
      const start = Float64Array.from({ length: n }, (_, i) => both[2 * i]);
      const stop = Float64Array.from({ length: n }, (_, i) => both[2 * i + 1]);
      out.set('intervals_0', {
        values: start,
        source: `${found.relPath}[:,0]`
      });
      out.set('intervals_1', { values: stop, source: `${found.relPath}[:,1]` });
      continue;
    }
    out.set(name, {
      values: await data.numbers(TRIALS_COLLECTION, file),
      source: found.relPath
    });
  }
  return out;
}
