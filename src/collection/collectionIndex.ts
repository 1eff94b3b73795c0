/**
 * Index a collection: list the folder, keep the cached summaries whose file
 * did not change, read the new and changed files (a few at a time), drop
 * the removed ones. No DOM and no JupyterLab: the browser passes worker
 * readers and IndexedDB, the benchmark and tests pass Node ones.
 */
import type { IH5Source } from '../viewer/model/source';
import type { RegionMap } from './atlas/regionMap';
import type { IIndexStore } from './indexStore';
import {
  planRefresh,
  type ICachedSummary,
  type IFileStamp
} from './refreshPlan';
import { readSessionSummary, type ISessionSummary } from './sessionSummary';

/** A file opened for reading, with what it cost. */
export interface IOpenedForIndex {
  readonly source: IH5Source;
  /** Bytes fetched from the server for this file so far. */
  bytesRead(): number;
  close(): void;
}

export type OpenForIndex = (file: IFileStamp) => Promise<IOpenedForIndex>;

export interface IIndexOptions {
  /** The collection's folder: its membership is kept to notice removed files. */
  readonly folder: string;
  readonly files: readonly IFileStamp[];
  readonly store: IIndexStore;
  readonly open: OpenForIndex;
  /** Files read at once (one reader each). */
  readonly parallel?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Allen → Beryl/Cosmos for files that name only Allen regions. */
  readonly regionMap?: RegionMap;
}

/** A file that could not be summarised, and why. */
export interface IIndexFailure {
  readonly path: string;
  readonly message: string;
}

/** Cost of reading one file. */
export interface IFileCost {
  readonly path: string;
  readonly size: number;
  readonly bytes: number;
  readonly ms: number;
}

export interface IIndexResult {
  /** Summaries in listing order. */
  readonly summaries: ISessionSummary[];
  readonly failures: IIndexFailure[];
  readonly fromCache: number;
  readonly dropped: number;
  readonly costs: IFileCost[];
}

export async function indexCollection(o: IIndexOptions): Promise<IIndexResult> {
  const before = await o.store.members(o.folder);
  const cached = await o.store.getAll([
    ...new Set([...o.files.map(f => f.path), ...before])
  ]);
  const plan = planRefresh(o.files, cached);
  const fresh = new Map<string, ISessionSummary>();
  const failures: IIndexFailure[] = [];
  const costs: IFileCost[] = [];
  let next = 0;
  let done = 0;
  o.onProgress?.(0, plan.read.length);
  const worker = async () => {
    while (next < plan.read.length) {
      const file = plan.read[next++];
      const started = performance.now();
      try {
        const opened = await o.open(file);
        try {
          const summary = await readSessionSummary(
            opened.source,
            file.path,
            o.regionMap
          );
          fresh.set(file.path, summary);
          costs.push({
            path: file.path,
            size: file.size,
            bytes: opened.bytesRead(),
            ms: performance.now() - started
          });
        } finally {
          opened.close();
        }
      } catch (error) {
        failures.push({
          path: file.path,
          message: error instanceof Error ? error.message : String(error)
        });
      }
      o.onProgress?.(++done, plan.read.length);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, o.parallel ?? 2) }, worker)
  );
  const written: ICachedSummary[] = plan.read
    .filter(f => fresh.has(f.path))
    .map(f => ({ stamp: f, summary: fresh.get(f.path) as ISessionSummary }));
  await o.store.put(written);
  // A file that now fails must not keep showing its old summary.
  await o.store.remove([...plan.dropped, ...failures.map(f => f.path)]);
  await o.store.setMembers(
    o.folder,
    o.files.map(f => f.path)
  );
  const keptByPath = new Map(plan.keep.map(k => [k.stamp.path, k.summary]));
  const summaries = o.files
    .map(f => fresh.get(f.path) ?? keptByPath.get(f.path))
    .filter((s): s is ISessionSummary => !!s);
  return {
    summaries,
    failures,
    fromCache: plan.keep.length,
    dropped: plan.dropped.length,
    costs
  };
}
