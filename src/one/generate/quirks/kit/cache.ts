/**
 * A case's own ONE cache: generated sessions (tiny, seeded by the case name so
 * every case is a different session), and a re-index after a mutation, so the
 * cache's recorded sizes and md5 hashes match the mutated files — a case that
 * is not about damage must not look damaged to a converter that checks them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  IDatasetRecord,
  listFiles,
  md5File,
  writeCacheTables
} from '../../cacheTables';
import { ISession, LABS } from '../../catalogue';
import { generateCache } from '../../generateCache';
import { writeRestCache } from '../../restCache';
import { Rng } from '../../rng';
import { sessionPath } from '../../session';

const CACHE_META = {
  date_created: '2025-06-01 12:00',
  origin: 'jupyterlab-ibl-nwb generator',
  min_api_version: '2.10'
};
const URLS = {
  alyx: 'http://127.0.0.1:8000',
  data: 'http://127.0.0.1:8000/files'
};
const OPENAPI = 'ONE/one/tests/fixtures/rest_responses/openapiv3.json';

/** ../shared/fixtures beside the clone, as the generator's own CLI finds it. */
export function fixturesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../../../../shared/fixtures');
}

/** A seed of its own for each case, from the corpus seed and the case name. */
export function caseSeed(seed: number, name: string): number {
  return new Rng(seed, 'quirk', name).int(1_000_000_000);
}

export interface ICaseCache {
  cacheDir: string;
  sessions: ISession[];
  /** The first session: its eid, folder and a path inside it. */
  eid: string;
  folder: string;
  file(rel: string): string;
  /** Refresh the tables and REST records (sizes, md5, files added or removed). */
  reindex(): void;
}

export function caseCache(
  cacheDir: string,
  seed: number,
  name: string,
  sessions = 1
): ICaseCache {
  const fixtures = fixturesDir();
  const result = generateCache({
    outDir: cacheDir,
    sessions,
    seed: caseSeed(seed, name),
    size: 'tiny',
    fixturesDir: fixtures
  });
  let datasets: IDatasetRecord[] = result.datasets;
  const first = result.sessions[0];
  const folder = path.join(cacheDir, sessionPath(first));
  return {
    cacheDir,
    sessions: result.sessions,
    eid: first.eid,
    folder,
    file: rel => path.join(folder, rel),
    reindex() {
      datasets = reindexed(cacheDir, result.sessions, datasets, seed);
      writeCacheTables(cacheDir, result.sessions, datasets, CACHE_META);
      const schemaFile = path.join(fixtures, OPENAPI);
      const schema = fs.existsSync(schemaFile)
        ? JSON.parse(fs.readFileSync(schemaFile, 'utf8'))
        : undefined;
      const labs = LABS.filter(lab =>
        result.sessions.some(s => s.lab === lab.name)
      );
      writeRestCache(cacheDir, result.sessions, datasets, labs, URLS, schema);
    }
  };
}

/** Records for the files on disk now: same id and QC for a path that was there, sizes and md5 anew. */
function reindexed(
  cacheDir: string,
  sessions: ISession[],
  before: IDatasetRecord[],
  seed: number
): IDatasetRecord[] {
  const known = new Map(before.map(d => [`${d.eid}/${d.rel_path}`, d]));
  const out: IDatasetRecord[] = [];
  for (const s of sessions) {
    const root = path.join(cacheDir, sessionPath(s));
    for (const rel of listFiles(root)) {
      const file = path.join(root, rel);
      const old = known.get(`${s.eid}/${rel}`);
      out.push({
        eid: s.eid,
        id: old?.id ?? new Rng(seed, s.eid, 'quirk-dataset', rel).uuid4(),
        rel_path: rel,
        file_size: fs.statSync(file).size,
        hash: md5File(file),
        qc: old?.qc ?? 'PASS'
      });
    }
  }
  return out;
}
