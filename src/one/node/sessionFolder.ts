/**
 * A session folder given by path (`…/<lab>/Subjects/<subject>/<date>/<NNN>`),
 * as `ibl2nwb convert <session-folder>` takes it. Inside a ONE cache (tables
 * beside `<lab>/`) the tables describe it; a bare folder of ALF files (copied
 * from a rig or a colleague, no tables) is indexed from disk the way ONE's
 * own table builder does, with the session path standing in for the eid.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

import { parseFilename } from '../alf';
import type { IDatasetRecord, ISessionRecord } from '../cache';
import { InvalidQueryError } from '../errors';
import { LocalOne } from './localOne';

const SESSION_FOLDER =
  /^(.*)\/([^/]+)\/Subjects\/([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\d{1,3})$/;

/**
 * The NWB session_id of a session known only by its folder: the session
 * path without slashes (DANDI tools split paths on them).
 */
export function folderSessionId(sessionPath: string): string {
  return sessionPath.replace('/Subjects/', '_').replace(/\//g, '_');
}

export interface ISessionFolder {
  one: LocalOne;
  /** The eid, or the session path `lab/Subjects/subject/date/NNN` for a bare folder. */
  eid: string;
  /** The cache root: the folder holding `<lab>/`. */
  cacheDir: string;
  /** Whether the session came from cache tables (false: indexed from disk). */
  fromTables: boolean;
}

/** The cache root of a session folder path: the folder holding `<lab>/`. */
export function sessionFolderRoot(path: string): string {
  const match = SESSION_FOLDER.exec(resolve(path).split(sep).join('/'));
  return match?.[1] || '/';
}

/** Whether `path` names an existing ALF session folder. */
export function isSessionFolder(path: string): boolean {
  const absolute = resolve(path).split(sep).join('/');
  return SESSION_FOLDER.test(absolute) && existsSync(path);
}

/** Every file under `folder`, as paths relative to it with `/` separators. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, {
    recursive: true,
    withFileTypes: true
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/')
    );
}

export async function openSessionFolder(path: string): Promise<ISessionFolder> {
  const absolute = resolve(path).split(sep).join('/');
  const match = SESSION_FOLDER.exec(absolute);
  if (!match || !(await stat(path).catch(() => null))?.isDirectory()) {
    throw new InvalidQueryError(
      path,
      'not an ALF session folder',
      'Give a folder <lab>/Subjects/<subject>/<YYYY-MM-DD>/<NNN>, or an eid with --cache.'
    );
  }
  const [, root, lab, subject, date, digits] = match;
  const number = digits.padStart(3, '0');
  const cacheDir = root || '/';
  const sessionPath = `${lab}/Subjects/${subject}/${date}/${number}`;
  if (existsSync(join(cacheDir, 'sessions.pqt'))) {
    const one = await LocalOne.open(cacheDir);
    return { one, eid: one.toEid(sessionPath), cacheDir, fromTables: true };
  }
  const session: ISessionRecord = {
    eid: sessionPath,
    lab,
    subject,
    date,
    number: Number(number),
    taskProtocol: '',
    projects: ''
  };
  const datasets: IDatasetRecord[] = [];
  for (const relPath of await filesUnder(path)) {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    // ONE indexes ALF files only (not .meta sidecars' siblings like logs or hidden files).
    if (name.startsWith('.') || !parseFilename(name)) {
      continue;
    }
    const { size } = await stat(join(path, relPath));
    datasets.push({
      eid: sessionPath,
      id: `${sessionPath}/${relPath}`,
      relPath,
      fileSize: size,
      hash: null,
      exists: true,
      qc: 'NOT_SET'
    });
  }
  if (datasets.length === 0) {
    throw new InvalidQueryError(
      path,
      'the session folder holds no ALF files',
      'Point to the session folder itself (it contains alf/, raw_ephys_data/, …).'
    );
  }
  const one = LocalOne.fromRecords(cacheDir, {
    sessions: [session],
    datasets,
    meta: { sessions: { origin: 'folder' }, datasets: { origin: 'folder' } },
    hasDefaultRevision: false
  });
  return { one, eid: sessionPath, cacheDir, fromTables: false };
}
