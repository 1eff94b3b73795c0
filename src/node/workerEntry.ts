/**
 * Where a worker thread's code is: in the bundled CLI, a file built next to
 * the bundle by scripts/build-cli.mjs (e.g. `parquet-worker.mjs`); in source
 * runs (vitest, tsx), the TypeScript entry, loaded through tsx in the worker.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface IWorkerEntry {
  script: string | URL;
  eval: boolean;
}

/**
 * The entry of a worker whose bundled file is `bundled` and whose source is
 * `source`, both relative to `base` (the caller's `import.meta.url`), or
 * null if neither exists.
 */
export function findWorker(
  base: string,
  bundled: string,
  source: string
): IWorkerEntry | null {
  const built = new URL(bundled, base);
  if (existsSync(built)) {
    return { script: built, eval: false };
  }
  const ts = new URL(source, base);
  if (!existsSync(ts)) {
    return null;
  }
  // A worker's execArgv cannot load tsx's hooks: the worker imports them first.
  const url = JSON.stringify(ts.href);
  return {
    script: `import(${JSON.stringify(tsxApi(base))}).then(tsx => tsx.tsImport(${url}, ${url}));`,
    eval: true
  };
}

export function startWorker(
  entry: IWorkerEntry,
  options: WorkerOptions = {}
): Worker {
  return new Worker(entry.script, { ...options, eval: entry.eval });
}

/** tsx's ESM API (`tsx/esm/api`, import condition), as a file URL the worker can import. */
function tsxApi(base: string): string {
  const manifest = createRequire(base).resolve('tsx/package.json');
  const exported = JSON.parse(readFileSync(manifest, 'utf8')).exports[
    './esm/api'
  ].import.default as string;
  return pathToFileURL(join(dirname(manifest), exported)).href;
}
