/**
 * The files a conversion writes, made safe against what may already sit at their names: a
 * stale temp file of a killed run, a symlink planted at a temp name (it would make us write
 * through it, outside the output folder), an output that is a folder or a link.
 *
 * Temp files are created exclusively (O_EXCL) without following links (O_NOFOLLOW); a link
 * at a temp name is unlinked itself, never written through. The final name is only ever
 * replaced by rename(), which swaps the directory entry: a link there is replaced, its
 * target never written.
 */
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  rmdirSync,
  rmSync
} from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Files this run created and has not published yet: temp files not yet removed or renamed,
 * and files placed under their final names ahead of the .nwb that needs them (the movies of
 * --video). A second Ctrl-C / SIGTERM exits at once, and removes these synchronously first
 * (see cli/process.ts); so does a run that stopped without finishing.
 */
const liveTempFiles = new Set<string>();
/** Folders this run created for such files (removed with them, if nothing else is in them). */
const liveFolders = new Set<string>();

/** Remove every file still live, then the folders made for them if empty (synchronous: for
 * the exit path of a second signal). */
export function removeLiveTempFiles(): void {
  removeTemp([...liveTempFiles]);
  for (const folder of [...liveFolders].reverse()) {
    removeFolderIfEmpty(folder);
  }
}

/** A temp file was renamed to its final name, or a placed file was published with its .nwb:
 * it is no longer ours to remove. */
export function committed(path: string): void {
  liveTempFiles.delete(path);
  liveFolders.delete(path);
}

/** A file this run is about to create (or just created) that is not published yet. */
export function provisional(path: string): void {
  liveTempFiles.add(path);
}

/** A folder this run created: removed on the exit paths if it is empty by then. */
export function provisionalFolder(path: string): void {
  liveFolders.add(path);
}

/** Remove a folder if it is empty (rmdir refuses otherwise: what else is there is not ours). */
export function removeFolderIfEmpty(path: string): void {
  liveFolders.delete(path);
  try {
    rmdirSync(path);
  } catch {
    // Not empty, or gone already: either way nothing of ours is left in it.
  }
}

export type OutputErrorCode = 'OUTPUT_EXISTS' | 'OUTPUT_INVALID';

/** An output path the user must fix (exit 2). */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly code: OutputErrorCode,
    problem: string,
    readonly advice: string
  ) {
    // "cannot create X: why" names the path itself.
    super(
      `${problem.startsWith('cannot ') ? '' : `${path}: `}${problem}. ${advice}`
    );
    this.name = 'OutputError';
  }
}

/** What an errno means for a file we are about to create, in a user's words. */
export function createProblem(code: string | undefined): string | undefined {
  switch (code) {
    case 'ENOENT':
      return 'the folder does not exist';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk full';
    case 'ENAMETOOLONG':
      return 'the name is too long for the file system';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return undefined;
  }
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw asOutputError(path, error);
  }
}

function asOutputError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const problem = createProblem(code);
  if (!problem || code === 'ENOSPC' || code === 'EDQUOT') {
    return error;
  }
  return new OutputError(
    path,
    'OUTPUT_INVALID',
    `cannot create ${path}: ${problem}`,
    'Choose an output in a folder you can write to (-o).'
  );
}

/**
 * Check the final name before anything is written: a file there needs `overwrite`; a link
 * needs it too (the link is replaced, not followed); a folder is never replaced.
 */
export function checkFinalName(path: string, overwrite: boolean): void {
  const stat = lstatOrNull(path);
  if (!stat) {
    return;
  }
  if (stat.isDirectory()) {
    throw new OutputError(
      path,
      'OUTPUT_INVALID',
      'is a folder',
      'Give the NWB file name to write (-o folder/name.nwb).'
    );
  }
  if (!overwrite) {
    throw stat.isSymbolicLink()
      ? new OutputError(
          path,
          'OUTPUT_INVALID',
          'is a symbolic link',
          'Remove the link, choose another name, or pass --overwrite to replace the link itself (its target is never written).'
        )
      : new OutputError(
          path,
          'OUTPUT_EXISTS',
          'already exists',
          'Pass --overwrite to replace it, or choose another name (-o).'
        );
  }
}

/** Create the output's folder (and its parents) as `batch` does. */
export function ensureFolder(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw asOutputError(path, error);
  }
}

/** Remove what sits at a temp name (a stale file, or a link: the link itself). */
export function removeStale(path: string): void {
  const stat = lstatOrNull(path);
  if (!stat) {
    return;
  }
  if (stat.isDirectory()) {
    throw new OutputError(
      path,
      'OUTPUT_INVALID',
      'a folder sits at the name of a temporary file',
      'Remove that folder or choose another output name.'
    );
  }
  rmSync(path, { force: true });
}

/**
 * Create an empty temp file that is ours: exclusively, never through a link. The writer
 * then opens this very file.
 */
export function createExclusive(path: string): void {
  removeStale(path);
  try {
    const fd = openSync(
      path,
      constants.O_CREAT |
        constants.O_EXCL |
        constants.O_WRONLY |
        constants.O_NOFOLLOW,
      0o644
    );
    closeSync(fd);
    liveTempFiles.add(path);
  } catch (error) {
    throw asOutputError(path, error);
  }
}

/** Remove temp files, never following links; missing ones are fine (best effort: cleanup). */
export function removeTemp(paths: string[]): void {
  for (const path of paths) {
    liveTempFiles.delete(path);
    try {
      const stat = lstatSync(path);
      if (!stat.isDirectory()) {
        rmSync(path, { force: true });
      }
    } catch {
      // Gone already, or unreadable: nothing more we can do while cleaning up.
    }
  }
}

/** The writer's temp names for OUT.nwb: the HDF5 part and its compressed-chunk side file. */
export function nwbTempFiles(output: string): string[] {
  return [`${output}.part`, `${output}.part.chunks`];
}

/** Write `text` to a temp file created exclusively (never through a link); it stays live. */
export async function writeExclusive(
  path: string,
  text: string
): Promise<void> {
  removeStale(path);
  let handle;
  try {
    handle = await open(
      path,
      constants.O_CREAT |
        constants.O_EXCL |
        constants.O_WRONLY |
        constants.O_NOFOLLOW,
      0o644
    );
  } catch (error) {
    throw asOutputError(path, error);
  }
  liveTempFiles.add(path);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** Rename a finished temp file to its final name (a link there is replaced, not followed). */
export async function commitTemp(temp: string, final: string): Promise<void> {
  await rename(temp, final);
  committed(temp);
}
