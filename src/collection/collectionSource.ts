/**
 * Where a collection's files come from: a folder under the Jupyter root or
 * a dandiset version on DANDI. The index, the cache and the views only see
 * this: a listing of stamped files, and how to open one of them.
 */
import type { Contents } from '@jupyterlab/services';

import type { NwbTarget } from '../viewer/widget/target';
import { listNwbFiles, MAX_DEPTH } from './folderListing';
import type { IFileStamp } from './refreshPlan';

export interface ICollectionSource {
  /** The key the index store keeps this collection's membership under. */
  readonly key: string;
  /** Shown in the toolbar and the tab's caption. */
  readonly title: string;
  /** Shown in the tab's label. */
  readonly shortTitle: string;
  /** The .nwb files with the stamps the cache is keyed by, sorted. */
  list(): Promise<IFileStamp[]>;
  /** How the worker opens a listed file (by its stamp path). */
  targetOf(path: string): NwbTarget;
  /** Shown when the listing is empty. */
  readonly emptyMessage: string;
}

/** The .nwb files of a folder under the Jupyter root (the index keys: paths). */
export function folderSource(
  contents: Contents.IManager,
  folder: string
): ICollectionSource {
  return {
    key: folder,
    title: folder || '/',
    shortTitle: folder.split('/').pop() || '/',
    list: () => listNwbFiles(contents, folder),
    targetOf: path => ({ kind: 'server', path }),
    emptyMessage: `${folder || '/'} holds no .nwb files (looked ${MAX_DEPTH} folders deep).`
  };
}
