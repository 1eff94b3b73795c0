/**
 * Read a ONE cache folder (sessions.pqt, datasets.pqt, ALF files, optional
 * `.rest/` entries) with hyparquet. Handles the current table format (string
 * UUIDs) and the legacy one (int64 pairs, `project`, numbers as int64).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

export interface ICachedSession {
  eid: string;
  lab: string;
  subject: string;
  date: string;
  number: number;
  taskProtocol: string;
  projects: string[];
}

export interface ICachedDataset {
  eid: string;
  id: string;
  relPath: string;
  fileSize: number | null;
  hash: string | null;
  qc: string;
  defaultRevision: boolean;
}

export interface ICacheFolder {
  root: string;
  sessions: ICachedSession[];
  datasets: ICachedDataset[];
  /** A record from the folder's `.rest/` (keyed like ONE: SHA-1 of the request path), if any. */
  restRecord(request: string): unknown;
}

type Row = Record<string, unknown>;

export async function readCacheFolder(root: string): Promise<ICacheFolder> {
  const sessionRows = await readTable(join(root, 'sessions.pqt'));
  const datasetRows = await readTable(join(root, 'datasets.pqt'));
  const sessions = sessionRows.map(row => ({
    eid: uuidColumn(row, 'id'),
    lab: text(row.lab),
    subject: text(row.subject),
    date: dateText(row.date),
    number: Number(row.number ?? 0),
    taskProtocol: text(row.task_protocol),
    projects: text(row.projects ?? row.project)
      .split(',')
      .filter(p => p)
  }));
  const datasets = datasetRows
    .filter(row => row.exists !== false)
    .map(row => ({
      eid: uuidColumn(row, 'eid'),
      id: uuidColumn(row, 'id'),
      relPath: text(row.rel_path),
      fileSize: finiteOrNull(row.file_size),
      hash: row.hash ? text(row.hash) : null,
      qc: row.qc ? text(row.qc) : 'NOT_SET',
      defaultRevision:
        row.default_revision === undefined
          ? true
          : Boolean(row.default_revision)
    }));
  return {
    root,
    sessions,
    datasets,
    restRecord: request => readRestRecord(root, request)
  };
}

async function readTable(path: string): Promise<Row[]> {
  const file = await asyncBufferFromFile(path);
  return (await parquetReadObjects({ file, compressors })) as Row[];
}

function readRestRecord(root: string, request: string): unknown {
  const file = join(
    root,
    '.rest',
    createHash('sha1').update(request).digest('hex')
  );
  if (!existsSync(file)) {
    return null;
  }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed[0] : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function finiteOrNull(value: unknown): number | null {
  const n = value === null || value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : null;
}

function dateText(value: unknown): string {
  return value instanceof Date
    ? value.toISOString().slice(0, 10)
    : text(value).slice(0, 10);
}

/** A UUID column, or the legacy pair `<name>_0`/`<name>_1` of little-endian int64s. */
function uuidColumn(row: Row, name: string): string {
  if (typeof row[name] === 'string') {
    return row[name] as string;
  }
  const lo = row[`${name}_0`];
  const hi = row[`${name}_1`];
  if (lo === undefined || hi === undefined) {
    return text(row[name]);
  }
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64LE(BigInt(lo as bigint), 0);
  bytes.writeBigInt64LE(BigInt(hi as bigint), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
