/**
 * Collection index benchmark (not a timed test): index every .nwb under a
 * folder the way the collection tab does — the collection's own
 * `indexCollection` and `readSessionSummary`, each file opened as the
 * browser worker opens it (h5wasm on a lazy file behind the page cache,
 * the index's 32 KiB pages) with the file system standing in for HTTP range
 * requests — then re-open the folder from the index cache.
 *
 *   node bench/collection/run_bench.mjs FOLDER [--parallel 2] [--page 32768]
 *
 * Prints one JSON object: per file ms, bytes fetched, % of the file; the
 * cold total; the re-open (listing + cache lookup, nothing read) total.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { REGION_MAP_JSON } from '../../src/collection/atlas/regionMapData';
import { indexCollection } from '../../src/collection/collectionIndex';
import { MemoryIndexStore } from '../../src/collection/indexStore';
import { INDEX_PAGE_BYTES } from '../../src/collection/readerPool';
import type {
  ICachedSummary,
  IFileStamp
} from '../../src/collection/refreshPlan';
import { openLazySample } from '../../tests/ts/viewer/lazySample';

/** The contents API's listing, from the file system: path, size, mtime. */
function listNwb(root: string, dir = root, depth = 3): IFileStamp[] {
  const files: IFileStamp[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) {
      files.push(...listNwb(root, full, depth - 1));
    } else if (entry.name.endsWith('.nwb')) {
      const stat = statSync(full);
      files.push({
        path: relative(root, full),
        size: stat.size,
        lastModified: stat.mtime.toISOString()
      });
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The IndexedDB store's contents between two sessions, as a file. */
class FileStore extends MemoryIndexStore {
  static load(path: string): FileStore {
    const store = new FileStore();
    const saved = JSON.parse(readFileSync(path, 'utf8')) as {
      entries: ICachedSummary[];
      members: Record<string, string[]>;
    };
    void store.put(saved.entries);
    for (const [folder, paths] of Object.entries(saved.members)) {
      void store.setMembers(folder, paths);
    }
    return store;
  }
  async save(path: string, folder: string, files: IFileStamp[]) {
    const entries = await this.getAll(files.map(f => f.path));
    const members = { [folder]: await this.members(folder) };
    writeFileSync(path, JSON.stringify({ entries, members }));
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folder = args.find(a => !a.startsWith('--'));
  if (!folder) {
    throw new Error(
      'usage: index_bench.ts FOLDER [--parallel N] [--page BYTES]'
    );
  }
  const option = (name: string, fallback: number) =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
  const parallel = option('--parallel', 2);
  const pageSize = option('--page', INDEX_PAGE_BYTES);
  const cachePath = join(folder, '.index-bench-cache.json');

  const coldStart = performance.now();
  const files = listNwb(folder);
  const store = new FileStore();
  /** Range requests per file (each one an HTTP request in the browser). */
  const requests = new Map<string, number>();
  const cold = await indexCollection({
    regionMap: JSON.parse(REGION_MAP_JSON) as Record<string, [string, string]>,
    folder,
    files,
    store,
    parallel,
    open: async file => {
      const opened = await openLazySample(join(folder, file.path), {
        pageSize,
        maxPages: 2048
      });
      return {
        source: opened.source,
        bytesRead: () => opened.stats().bytesFetched,
        close: () => {
          requests.set(file.path, opened.stats().requests);
          opened.close();
        }
      };
    }
  });
  const coldMs = performance.now() - coldStart;
  await store.save(cachePath, folder, files);
  if (cold.failures.length) {
    throw new Error(JSON.stringify(cold.failures));
  }

  // Re-open: list again, load the saved index, look every file up; nothing is read.
  const warmStart = performance.now();
  const again = listNwb(folder);
  const warm = await indexCollection({
    folder,
    files: again,
    store: FileStore.load(cachePath),
    parallel,
    open: () => Promise.reject(new Error('re-open read a file'))
  });
  const warmMs = performance.now() - warmStart;

  const perFile = cold.costs.map(c => ({
    path: c.path,
    size: c.size,
    ms: Math.round(c.ms * 10) / 10,
    bytes: c.bytes,
    requests: requests.get(c.path) ?? 0,
    percentOfFile: Math.round((c.bytes / c.size) * 1e4) / 100
  }));
  const ms = perFile.map(f => f.ms);
  const percent = perFile.map(f => f.percentOfFile);
  const units = cold.summaries.reduce((n, s) => n + s.units, 0);
  process.stdout.write(
    JSON.stringify(
      {
        folder,
        files: files.length,
        totalBytes: files.reduce((n, f) => n + f.size, 0),
        units,
        parallel,
        pageSize,
        cold: {
          totalMs: Math.round(coldMs),
          perFileMs: {
            median: quantile(ms, 0.5),
            p90: quantile(ms, 0.9),
            max: Math.max(...ms)
          },
          percentOfFile: {
            median: quantile(percent, 0.5),
            max: Math.max(...percent)
          },
          requestsPerFile: {
            median: quantile(
              perFile.map(f => f.requests),
              0.5
            ),
            max: Math.max(...perFile.map(f => f.requests))
          },
          bytesPerFile: {
            median: quantile(
              perFile.map(f => f.bytes),
              0.5
            ),
            max: Math.max(...perFile.map(f => f.bytes))
          }
        },
        reopen: {
          totalMs: Math.round(warmMs),
          fromCache: warm.fromCache,
          read: warm.costs.length
        },
        perFile: args.includes('--per-file') ? perFile : undefined
      },
      null,
      1
    ) + '\n'
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
