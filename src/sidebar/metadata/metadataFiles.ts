/**
 * Save and load metadata JSON files through JupyterLab's Contents API, so they
 * appear in the file browser. Never overwrites a different file without asking.
 */
import { Contents } from '@jupyterlab/services';
import { JSONExt, JSONValue } from '@lumino/coreutils';

import type { INwbMetadata } from '../../convert/metadata/document';
import {
  IMetadataProblem,
  metadataProblems
} from '../../convert/metadata/validate';
import { parentFolder } from '../convert/convertOptions';

/** Asked before replacing a file whose content differs; true = replace. */
export type ConfirmOverwrite = (path: string) => Promise<boolean>;

/**
 * The model (without content) of what is at `path`, or null when there is
 * nothing. Found by listing the parent folders rather than by asking for the
 * path itself: a 404 there is logged by the browser as a console error on
 * every Convert, though "not there yet" is the expected answer.
 */
async function stat(
  contents: Contents.IManager,
  path: string
): Promise<Contents.IModel | null> {
  const names = path.split('/').filter(Boolean);
  if (names.length === 0) {
    return contents.get('', { content: false });
  }
  let folder = '';
  for (const [index, name] of names.entries()) {
    const listing = await contents.get(folder, { content: true });
    const entry = ((listing.content ?? []) as Contents.IModel[]).find(
      item => item.name === name
    );
    if (!entry) {
      return null;
    }
    if (index === names.length - 1) {
      return entry;
    }
    if (entry.type !== 'directory') {
      // The path runs through a file: nothing can be there.
      return null;
    }
    folder = entry.path;
  }
  return null;
}

/** Create a folder (and its parents) if missing. */
export async function ensureFolder(
  contents: Contents.IManager,
  folder: string
): Promise<void> {
  const parts = folder.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    const model = await stat(contents, path);
    if (model === null) {
      await contents.save(path, { type: 'directory' });
    } else if (model.type !== 'directory') {
      throw new Error(
        `${path} is a file, not a folder: choose another output folder.`
      );
    }
  }
}

/** Read and parse a metadata JSON file; its schema problems come along. */
export async function loadMetadataFile(
  contents: Contents.IManager,
  path: string
): Promise<{ document: INwbMetadata; problems: IMetadataProblem[] }> {
  const model = await contents.get(path, {
    type: 'file',
    format: 'text',
    content: true
  });
  let document: unknown;
  try {
    document = JSON.parse(String(model.content));
  } catch (error) {
    throw new Error(
      `${path} is not JSON (${(error as Error).message}): choose a file saved from this form or written by "ibl2nwb metadata".`
    );
  }
  if (typeof document !== 'object' || document === null) {
    throw new Error(
      `${path} does not hold a metadata object: choose a file saved from this form or written by "ibl2nwb metadata".`
    );
  }
  return {
    document: document as INwbMetadata,
    problems: metadataProblems(document)
  };
}

/**
 * Write the document as pretty JSON. If a different file is already there,
 * `confirm` decides; returns false when the user kept the existing file.
 */
export async function saveMetadataFile(
  contents: Contents.IManager,
  path: string,
  document: INwbMetadata,
  confirm: ConfirmOverwrite
): Promise<boolean> {
  const existing = await stat(contents, path);
  if (existing !== null) {
    if (existing.type === 'directory') {
      throw new Error(`${path} is a folder: give the metadata file a name.`);
    }
    const current = await loadMetadataFile(contents, path).catch(() => null);
    const same =
      current !== null &&
      JSONExt.deepEqual(
        current.document as unknown as JSONValue,
        JSON.parse(JSON.stringify(document)) as JSONValue
      );
    if (same) {
      return true;
    }
    if (!(await confirm(path))) {
      return false;
    }
  }
  await ensureFolder(contents, parentFolder(path));
  await contents.save(path, {
    type: 'file',
    format: 'text',
    content: JSON.stringify(document, null, 2) + '\n'
  });
  return true;
}

/** The .json files in a folder (to suggest metadata files to load); [] if it is missing. */
export async function listJsonFiles(
  contents: Contents.IManager,
  folder: string
): Promise<string[]> {
  const model = await stat(contents, folder);
  if (model === null || model.type !== 'directory') {
    return [];
  }
  const listing = await contents.get(folder, { content: true });
  return (listing.content as Contents.IModel[])
    .filter(item => item.type !== 'directory' && item.name.endsWith('.json'))
    .map(item => item.path)
    .sort();
}

/** The session a metadata document is for (its eid), or null when it names none. */
export function documentSession(document: unknown): string | null {
  const doc = document as {
    Ibl?: { eid?: unknown };
    NWBFile?: { session_id?: unknown };
  } | null;
  const eid = doc?.Ibl?.eid ?? doc?.NWBFile?.session_id;
  return typeof eid === 'string' && eid ? eid : null;
}

/** A session's metadata file as found on disk, with the time it was last written. */
export interface ISavedMetadata {
  document: INwbMetadata;
  problems: IMetadataProblem[];
  /** `last_modified` of the file when it was read (to notice changes made elsewhere). */
  lastModified: string;
}

/** The metadata file at `path` if there is one (null if not; throws if unreadable). */
export async function readMetadataIfPresent(
  contents: Contents.IManager,
  path: string
): Promise<ISavedMetadata | null> {
  const existing = await stat(contents, path);
  if (existing === null || existing.type === 'directory') {
    return null;
  }
  const loaded = await loadMetadataFile(contents, path);
  return { ...loaded, lastModified: existing.last_modified };
}

/** What an automatic save of the edited metadata did. */
export type DraftSave =
  | { status: 'saved'; lastModified: string }
  /** The file holds another session's metadata (or no metadata): left alone. */
  | { status: 'foreign'; session: string | null }
  /** The file changed on disk since the sidebar last read or wrote it: left alone. */
  | { status: 'changed' };

/**
 * Save the edited metadata of session `eid` as the user edits it, without ever
 * replacing what the user did not see: a file of another session, or one changed
 * elsewhere since `seen` (its `last_modified` when the sidebar last read or wrote
 * it; null when the sidebar has not seen a file there).
 */
export async function saveMetadataDraft(
  contents: Contents.IManager,
  path: string,
  document: INwbMetadata,
  eid: string,
  seen: string | null,
  /** Replace whatever is there (the user confirmed it). */
  force = false
): Promise<DraftSave> {
  const existing = await stat(contents, path);
  if (existing !== null && !force) {
    if (existing.type === 'directory') {
      throw new Error(`${path} is a folder: give the metadata file a name.`);
    }
    if (seen === null || existing.last_modified !== seen) {
      const current = await loadMetadataFile(contents, path).catch(() => null);
      if (
        current !== null &&
        JSONExt.deepEqual(
          current.document as unknown as JSONValue,
          JSON.parse(JSON.stringify(document)) as JSONValue
        )
      ) {
        return { status: 'saved', lastModified: existing.last_modified };
      }
      const session =
        current === null ? null : documentSession(current.document);
      if (session !== eid) {
        return { status: 'foreign', session };
      }
      return { status: 'changed' };
    }
  }
  if (existing?.type === 'directory') {
    throw new Error(`${path} is a folder: give the metadata file a name.`);
  }
  await ensureFolder(contents, parentFolder(path));
  const saved = await contents.save(path, {
    type: 'file',
    format: 'text',
    content: JSON.stringify(document, null, 2) + '\n'
  });
  return { status: 'saved', lastModified: saved.last_modified };
}
