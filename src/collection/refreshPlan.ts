/**
 * What to re-read when a collection is opened again: a file is identified
 * by its path, size and modification time as the contents API (or the DANDI
 * API, with the asset id) reports them; a cached summary is kept only while
 * all of them still match.
 */
import type { ISessionSummary } from './sessionSummary';

/** A file of the collection as the Jupyter contents API lists it. */
export interface IFileStamp {
  readonly path: string;
  readonly size: number;
  readonly lastModified: string;
  /**
   * The DANDI asset id: a replaced file gets a new id at the same path, so
   * the id alone tells a changed asset (absent for files on the server).
   */
  readonly id?: string;
}

/** A summary in the index cache with the stamp of the file it was read from. */
export interface ICachedSummary {
  readonly stamp: IFileStamp;
  readonly summary: ISessionSummary;
}

export interface IRefreshPlan {
  /** Cached summaries still valid, in listing order. */
  readonly keep: ICachedSummary[];
  /** Files new or changed since they were indexed. */
  readonly read: IFileStamp[];
  /** Cached paths no longer in the folder. */
  readonly dropped: string[];
}

export function sameStamp(a: IFileStamp, b: IFileStamp): boolean {
  return (
    a.path === b.path &&
    a.size === b.size &&
    a.lastModified === b.lastModified &&
    a.id === b.id
  );
}

export function planRefresh(
  files: readonly IFileStamp[],
  cached: readonly ICachedSummary[]
): IRefreshPlan {
  const byPath = new Map(cached.map(c => [c.stamp.path, c]));
  const listed = new Set(files.map(f => f.path));
  const keep: ICachedSummary[] = [];
  const read: IFileStamp[] = [];
  for (const file of files) {
    const hit = byPath.get(file.path);
    if (hit && sameStamp(hit.stamp, file)) {
      keep.push(hit);
    } else {
      read.push(file);
    }
  }
  const dropped = cached
    .map(c => c.stamp.path)
    .filter(path => !listed.has(path));
  return { keep, read, dropped };
}
