/**
 * The NWB files of a folder under the Jupyter root, with the size and
 * modification time the index cache is keyed by. Batch outputs sit one
 * level down (`sub-<subject>/…nwb`), so subfolders are walked too, to a
 * bounded depth.
 */
import type { Contents } from '@jupyterlab/services';

import type { IFileStamp } from './refreshPlan';

/** Folder levels walked below the collection's folder. */
export const MAX_DEPTH = 3;

export async function listNwbFiles(
  contents: Contents.IManager,
  folder: string,
  depth = MAX_DEPTH
): Promise<IFileStamp[]> {
  const model = await contents.get(folder, { content: true });
  if (model.type !== 'directory') {
    throw new Error(`${folder} is not a folder; open a folder of .nwb files.`);
  }
  const files: IFileStamp[] = [];
  const folders: string[] = [];
  for (const item of model.content as Contents.IModel[]) {
    if (item.type === 'directory') {
      folders.push(item.path);
    } else if (item.name.toLowerCase().endsWith('.nwb')) {
      files.push({
        path: item.path,
        size: item.size ?? -1,
        lastModified: item.last_modified
      });
    }
  }
  if (depth > 0) {
    for (const sub of folders.sort()) {
      files.push(...(await listNwbFiles(contents, sub, depth - 1)));
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
