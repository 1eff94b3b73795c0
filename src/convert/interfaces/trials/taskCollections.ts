/**
 * Where a task's extracted ALF data are. Sessions before ~2023 keep them in
 * `alf`; since then ibllib extracts each task of `_ibl_experiment.description.yaml`
 * to its own `alf/task_NN` (wheel, wheel moves and trials with the behaviour
 * task, the passive tables with the passiveChoiceWorld task).
 */
import {
  EXPERIMENT_DESCRIPTION,
  IExperimentTask,
  parseExperimentTasks
} from '../../../one/experimentDescription';
import type { IDatasetNeed } from '../../modality';
import type { DatasetIndex } from '../../session/datasetIndex';
import type { SessionData } from '../../session/loaders';

export const ALF_COLLECTION = 'alf';
export const TASK_COLLECTIONS = `${ALF_COLLECTION}/task_*`;

/** The description's tasks, or none when the session has no description. */
export async function describedTasks(
  data: SessionData
): Promise<IExperimentTask[]> {
  const found = data.index.find('', EXPERIMENT_DESCRIPTION);
  return found
    ? parseExperimentTasks(
        await data.text('', EXPERIMENT_DESCRIPTION),
        found.relPath
      )
    : [];
}

/** `alf` and the `alf/task_NN` collections holding a file of the ALF object `object`, from the records. */
export function collectionsWith(index: DatasetIndex, object: string): string[] {
  const found = [
    ...index.glob(ALF_COLLECTION, `${object}.*`),
    ...index.glob(TASK_COLLECTIONS, `${object}.*`)
  ].map(d => d.collection);
  return [...new Set(found)].sort();
}

/** `needs` in `alf` and in every task collection, all optional, with the description (for downloads). */
export function needsInTaskCollections(needs: IDatasetNeed[]): IDatasetNeed[] {
  return [ALF_COLLECTION, TASK_COLLECTIONS]
    .flatMap(collection =>
      needs.map(n => ({ ...n, collection, optional: true }))
    )
    .concat({ name: EXPERIMENT_DESCRIPTION, collection: '', optional: true });
}

export interface ITaskCollection {
  /** The collection to read. */
  collection: string;
  /** Other collections holding the object, which this choice leaves unread. */
  others: string[];
}

/**
 * The collection of the object `object` for a task of the kind `passive`
 * says: with a description, the first such task (in its order) whose
 * collection holds the object (the main task for behaviour data, as for
 * trials); without one, or when no described task's collection has it, `alf`
 * (the layout before task collections), else the first `alf/task_NN`.
 */
export async function taskCollection(
  data: SessionData,
  object: string,
  passive: boolean
): Promise<ITaskCollection | undefined> {
  const holding = collectionsWith(data.index, object);
  if (holding.length === 0) {
    return undefined;
  }
  const described = (await describedTasks(data)).find(
    t => t.passive === passive && holding.includes(t.alfCollection)
  );
  const collection =
    described?.alfCollection ??
    (holding.includes(ALF_COLLECTION) ? ALF_COLLECTION : holding[0]);
  return { collection, others: holding.filter(c => c !== collection) };
}
