/**
 * `_ibl_experiment.description.yaml`: how IBL has described a session since
 * ~2023 (iblrig v8 writes it, ibllib's dynamic pipeline reads it). Only its
 * `tasks` matter here: which protocols ran, where their raw data went and so
 * where their extracted ALF data (trials, wheel, passive tables) are.
 */
import { parse } from 'yaml';

import { CorruptFileError } from './errors';

export const EXPERIMENT_DESCRIPTION = '_ibl_experiment.description.yaml';

export interface IExperimentTask {
  /** Protocol name as the file gives it, e.g. `biasedChoiceWorld`. */
  protocol: string;
  /** Raw data collection, e.g. `raw_task_data_00` or `raw_behavior_data`. */
  collection: string;
  /** Position in the description's task list (0-based). */
  number: number;
  /** ALF collection of the task's extracted data: `alf/task_NN` or `alf`. */
  alfCollection: string;
  /** A passive protocol: its data are passive tables, not a trials table. */
  passive: boolean;
}

const NUMBERED = /^raw_task_data_\d{2}$/;

/**
 * The tasks of a description, in order, with ibllib's rules: a task without a
 * collection ran in `raw_task_data_<i>`; a task in a numbered collection
 * (`raw_task_data_NN`) is extracted to `alf/task_<i>` (its position in the
 * list, `BehaviourTask.output_collection`), any other (the legacy
 * `raw_behavior_data`, `raw_passive_data`) to `alf`. Passive means
 * `passiveChoiceWorld` in the name, as ibllib's pipeline decides.
 */
export function parseExperimentTasks(
  text: string,
  path: string
): IExperimentTask[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new CorruptFileError(
      path,
      `is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`
    );
  }
  if (document === null || document === undefined) {
    return [];
  }
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new CorruptFileError(path, 'is not a YAML mapping');
  }
  const tasks = (document as Record<string, unknown>).tasks;
  if (tasks === undefined || tasks === null) {
    return [];
  }
  // Early descriptions held one mapping; ibllib turns it into a list of one-key mappings.
  const entries = Array.isArray(tasks) ? tasks : [tasks];
  const pairs: [string, unknown][] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new CorruptFileError(
        path,
        'has a `tasks` entry that is not a mapping of protocol → settings'
      );
    }
    pairs.push(...Object.entries(entry as Record<string, unknown>));
  }
  return pairs.map(([protocol, settings], number) => {
    const given =
      settings && typeof settings === 'object'
        ? (settings as Record<string, unknown>).collection
        : undefined;
    if (given !== undefined && typeof given !== 'string') {
      throw new CorruptFileError(
        path,
        `task ${protocol} has a collection that is not a string`
      );
    }
    const collection =
      given ?? `raw_task_data_${String(number).padStart(2, '0')}`;
    return {
      protocol,
      collection,
      number,
      alfCollection: NUMBERED.test(collection)
        ? `alf/task_${String(number).padStart(2, '0')}`
        : 'alf',
      passive: protocol.includes('passiveChoiceWorld')
    };
  });
}
