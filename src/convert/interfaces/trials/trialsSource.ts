/**
 * Read the trials object as the release does: the `trials.table.pqt` columns
 * plus attributes kept in their own `.npy` files (quiescencePeriod,
 * stimOff_times…), or the legacy `trials.*.npy` files alone. Sessions since
 * ~2023 keep one trials object per task (`alf/task_NN/`), described by
 * `_ibl_experiment.description.yaml`.
 */
import type { DatasetIndex } from '../../session/datasetIndex';
import type { SessionData } from '../../session/loaders';
import {
  ALF_COLLECTION,
  collectionsWith,
  describedTasks
} from './taskCollections';

export const TRIALS_COLLECTION = ALF_COLLECTION;
export const TRIALS_TABLE = '_ibl_trials.table.pqt';
export const TRIALS_INTERVALS = '_ibl_trials.intervals.npy';

/** One attribute: its values and the dataset (with column) it came from. */
export interface ITrialAttribute {
  values: Float64Array;
  source: string;
}

/** One task's trials: where they are and where they go. */
export interface ITrialsTask {
  /** `alf` or `alf/task_NN`. */
  collection: string;
  /** Protocol from the experiment description, when there is one. */
  protocol?: string;
  /** Name in `/intervals`: `trials` for the main task. */
  name: string;
}

/** ALF collections holding a trials object (`alf`, `alf/task_NN`), from the records only. */
export function trialsCollections(index: DatasetIndex): string[] {
  return collectionsWith(index, 'trials');
}

/** `/intervals/<name>` of a task that is not the main one: `trials_<protocol>`. */
function tableName(task: { protocol?: string; collection: string }): string {
  const label =
    task.protocol?.replace(/^_iblrig_tasks_/, '') ??
    task.collection.split('/').pop()!;
  return `trials_${label.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * Every task with trials, the main one first and named `trials`. With an
 * experiment description, its order decides: the main task is the first
 * non-passive task whose collection has trials (ibllib extracts passive
 * protocols to passive tables, not trials). Without one, `alf` is the main
 * collection (the layout before task collections), else the first
 * `alf/task_NN`. Trials no description names are still written (named by
 * collection): nothing on disk is silently left out.
 */
export async function trialsTasks(data: SessionData): Promise<ITrialsTask[]> {
  const withTrials = trialsCollections(data.index);
  const described = await describedTasks(data);
  const ordered: { collection: string; protocol?: string; passive: boolean }[] =
    [];
  for (const task of described) {
    if (
      withTrials.includes(task.alfCollection) &&
      !ordered.some(t => t.collection === task.alfCollection)
    ) {
      ordered.push({
        collection: task.alfCollection,
        protocol: task.protocol,
        passive: task.passive
      });
    }
  }
  for (const collection of withTrials) {
    if (!ordered.some(t => t.collection === collection)) {
      ordered.push({ collection, passive: false });
    }
  }
  const main = ordered.find(t => !t.passive) ?? ordered[0];
  if (!main) {
    return [];
  }
  const tasks: ITrialsTask[] = [
    { collection: main.collection, protocol: main.protocol, name: 'trials' }
  ];
  for (const t of ordered.filter(o => o !== main)) {
    let name = tableName(t);
    if (tasks.some(known => known.name === name)) {
      name = `${name}_${t.collection.split('/').pop()}`;
    }
    tasks.push({ collection: t.collection, protocol: t.protocol, name });
  }
  return tasks;
}

export async function loadTrials(
  data: SessionData,
  attributes: string[],
  collection = TRIALS_COLLECTION
): Promise<Map<string, ITrialAttribute>> {
  const out = new Map<string, ITrialAttribute>();
  const table = data.index.find(collection, TRIALS_TABLE);
  if (table) {
    const t = await data.table(collection, TRIALS_TABLE);
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
  } else if (!data.index.find(collection, TRIALS_INTERVALS)) {
    // Trials attributes without a table or intervals: an incomplete object (names the file).
    data.dataset(collection, TRIALS_INTERVALS);
  }
  for (const name of ['intervals', ...attributes]) {
    // Table columns win; intervals are stored there as intervals_0 / intervals_1.
    if (out.has(name) || (name === 'intervals' && out.has('intervals_0'))) {
      continue;
    }
    const file = `_ibl_trials.${name}.npy`;
    const found = data.index.find(collection, file);
    if (!found) {
      continue;
    }
    if (name === 'intervals') {
      const both = await data.numbers(collection, file, 2);
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
      values: await data.numbers(collection, file),
      source: found.relPath
    });
  }
  return out;
}
