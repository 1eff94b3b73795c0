/**
 * ONE cache tables in the current format (ONE ≥ 2.10, what Alyx's `one_cache`
 * writes): `sessions.pqt` indexed by `id`, `datasets.pqt` indexed by
 * `(eid, id)`, string UUIDs, `one_metadata` in the parquet footer, plus
 * `cache_info.json`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ISession } from './catalogue';
import { encodeTable } from './parquetTable';

export const QC_LEVELS = [
  'NOT_SET',
  'PASS',
  'WARNING',
  'FAIL',
  'CRITICAL'
] as const;
export type QcLevel = (typeof QC_LEVELS)[number];

export interface IDatasetRecord {
  eid: string;
  id: string;
  rel_path: string; // collection/name, relative to the session folder
  file_size: number;
  hash: string; // md5 hex
  qc: QcLevel;
}

/** Every file under `sessionDir`, sorted by relative path. */
export function listFiles(sessionDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        out.push(path.relative(sessionDir, full).split(path.sep).join('/'));
      }
    }
  };
  walk(sessionDir);
  return out.sort();
}

/** md5 of a file, read in 8 MiB pieces so large spike files stay out of memory. */
export function md5File(file: string): string {
  const hash = createHash('md5');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8 << 20);
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    if (n === 0) {
      break;
    }
    hash.update(buf.subarray(0, n));
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

export interface ICacheMeta {
  date_created: string; // "YYYY-MM-DD HH:MM"
  origin: string;
  min_api_version: string;
}

/** Write sessions.pqt, datasets.pqt and cache_info.json into `outDir`. */
export function writeCacheTables(
  outDir: string,
  sessions: ISession[],
  datasets: IDatasetRecord[],
  meta: ICacheMeta
): void {
  // ONE's order: date, subject, number descending
  const ses = [...sessions].sort(
    (a, b) =>
      b.date.localeCompare(a.date) ||
      b.subject.nickname.localeCompare(a.subject.nickname) ||
      b.number - a.number
  );
  const oneMetadata = { one_metadata: JSON.stringify(meta) };
  const sessionsFile = path.join(outDir, 'sessions.pqt');
  fs.writeFileSync(
    sessionsFile,
    encodeTable(
      [
        { name: 'id', kind: 'string', values: ses.map(s => s.eid) },
        { name: 'lab', kind: 'string', values: ses.map(s => s.lab) },
        {
          name: 'subject',
          kind: 'string',
          values: ses.map(s => s.subject.nickname)
        },
        {
          name: 'date',
          kind: 'date',
          values: ses.map(s => new Date(`${s.date}T00:00:00Z`))
        },
        { name: 'number', kind: 'uint16', values: ses.map(s => s.number) },
        {
          name: 'task_protocol',
          kind: 'string',
          values: ses.map(s => s.task_protocol)
        },
        {
          name: 'projects',
          kind: 'string',
          values: ses.map(s => s.projects.join(','))
        }
      ],
      { index: ['id'], metadata: oneMetadata }
    )
  );
  const datasetsFile = path.join(outDir, 'datasets.pqt');
  fs.writeFileSync(
    datasetsFile,
    encodeTable(
      [
        { name: 'eid', kind: 'string', values: datasets.map(d => d.eid) },
        { name: 'id', kind: 'string', values: datasets.map(d => d.id) },
        {
          name: 'rel_path',
          kind: 'string',
          values: datasets.map(d => d.rel_path)
        },
        {
          name: 'file_size',
          kind: 'uint64',
          values: datasets.map(d => BigInt(d.file_size))
        },
        { name: 'hash', kind: 'string', values: datasets.map(d => d.hash) },
        { name: 'exists', kind: 'bool', values: datasets.map(() => true) },
        {
          name: 'qc',
          kind: 'category',
          values: datasets.map(d => d.qc),
          categories: QC_LEVELS
        },
        {
          name: 'default_revision',
          kind: 'bool',
          values: datasets.map(() => true)
        }
      ],
      { index: ['eid', 'id'], metadata: oneMetadata }
    )
  );
  const info = {
    ...meta,
    tables: {
      sessions: { nrecs: ses.length, size: fs.statSync(sessionsFile).size },
      datasets: { nrecs: datasets.length, size: fs.statSync(datasetsFile).size }
    }
  };
  fs.writeFileSync(
    path.join(outDir, 'cache_info.json'),
    JSON.stringify(info, null, 2) + '\n'
  );
}
