/**
 * Where the time of one `ibl2nwb search --cache DIR --json` (no filter) goes:
 * the same steps as the CLI (LocalOne.open → search → one.session(eid) per
 * row → JSON lines), timed one by one, from the TypeScript sources.
 *
 *   tsx bench/sidebar/search_profile.ts CACHE_DIR
 *
 * Prints one JSON object of milliseconds.
 */
import { join } from 'node:path';

import {
  cacheFromTables,
  datasetRecords,
  datasetsByEid,
  sessionRecords
} from '../../src/one/cache';
import { LocalOne } from '../../src/one/node/localOne';
import { readFileBytes } from '../../src/one/node/files';
import { readParquet } from '../../src/one/parquet';
import { searchSessionRecords } from '../../src/one/search';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const ms: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const sBytes = await readFileBytes(join(dir, 'sessions.pqt'));
  const dBytes = await readFileBytes(join(dir, 'datasets.pqt'));
  lap('read files');
  const sTable = await readParquet(sBytes, 'sessions.pqt');
  lap('decode sessions.pqt');
  const dTable = await readParquet(dBytes, 'datasets.pqt');
  lap('decode datasets.pqt');
  sessionRecords(sTable, 'sessions.pqt');
  lap('session records');
  datasetRecords(dTable, 'datasets.pqt');
  lap('dataset records');
  const cache = cacheFromTables(sTable, dTable, dir);
  t = performance.now();
  datasetsByEid(cache);
  lap('datasetsByEid (LocalOne constructor)');
  const records = searchSessionRecords(cache, {});
  lap('search (filter + sort)');

  // What the CLI does next: one.session(eid) per result (a linear find each).
  const one = await LocalOne.open(dir);
  t = performance.now();
  const rows = one.search({}).map(eid => {
    const s = one.session(eid);
    return { eid, lab: s.lab, subject: s.subject, date: s.date };
  });
  lap('search + one.session(eid) per row (CLI)');
  const byEid = new Map(cache.sessions.map(s => [s.eid, s]));
  const fast = records.map(s => byEid.get(s.eid)!);
  lap('same rows through a Map');
  const text = rows.map(r => JSON.stringify(r)).join('\n');
  lap('JSON lines');
  process.stdout.write(
    JSON.stringify({ rows: fast.length, bytes: text.length, ms }) + '\n'
  );
}

void main();
