/**
 * ONE cache tables (`sessions.pqt`, `datasets.pqt`) → session and dataset
 * records. Reads the current format (string UUID index) and the legacy one
 * (int64-pair ids, `project` column, no `qc`, `session_path` column), patching
 * legacy tables the way ONE does on load.
 */
import { formatSessionPath } from './alfPath';
import { CorruptFileError } from './errors';
import { parseQc, QcName } from './qc';
import { cell, getColumn, IColumn, ITable } from './tables';
import { uuidFromInt64Pair } from './uuid';

export interface ISessionRecord {
  eid: string;
  lab: string;
  subject: string;
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  number: number;
  taskProtocol: string;
  projects: string;
}

export interface IDatasetRecord {
  /** Session id; null for session-less (aggregate) datasets. */
  eid: string | null;
  id: string;
  /** `collection/#revision#/filename`, no UUID. */
  relPath: string;
  fileSize: number | null;
  hash: string | null;
  exists: boolean;
  qc: QcName;
  /** Only in server-built tables. */
  defaultRevision?: boolean;
}

export interface IOneCache {
  sessions: ISessionRecord[];
  datasets: IDatasetRecord[];
  /** Parsed `one_metadata` of each table (`date_created`, `origin`, …). */
  meta: {
    sessions: Record<string, unknown>;
    datasets: Record<string, unknown>;
  };
  /** Whether the datasets table has a `default_revision` column. */
  hasDefaultRevision: boolean;
}

/** Ids of rows: a string column, or a legacy `<name>_0` / `<name>_1` int64 pair. */
export function idColumn(
  table: ITable,
  name: string,
  path: string
): (string | null)[] {
  const plain = getColumn(table, name);
  if (plain) {
    return Array.from({ length: table.numRows }, (_, i) => {
      const v = cell(plain, i);
      return v === null || v === undefined ? null : String(v);
    });
  }
  const lo = getColumn(table, `${name}_0`);
  const hi = getColumn(table, `${name}_1`);
  if (!lo || !hi) {
    throw new CorruptFileError(
      path,
      `the cache table has no '${name}' column (nor legacy ${name}_0/${name}_1)`
    );
  }
  return Array.from({ length: table.numRows }, (_, i) => {
    const a = cell(lo, i);
    const b = cell(hi, i);
    return a === null || b === null
      ? null
      : uuidFromInt64Pair(BigInt(a as bigint), BigInt(b as bigint));
  });
}

function strings(column: IColumn | undefined, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const v = column ? cell(column, i) : '';
    if (v instanceof Date) {
      return v.toISOString(); // timestamp columns written instead of dates
    }
    return v === null || v === undefined ? '' : String(v);
  });
}

export function oneMetadata(table: ITable): Record<string, unknown> {
  try {
    return JSON.parse(table.metadata.one_metadata ?? '{}') as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) {
    return null;
  }
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
}

/** Session rows; rows missing subject, date, number or lab are dropped like ONE does. */
export function sessionRecords(table: ITable, path: string): ISessionRecord[] {
  const n = table.numRows;
  const eids = idColumn(table, 'id', path);
  const lab = strings(getColumn(table, 'lab'), n);
  const subject = strings(getColumn(table, 'subject'), n);
  const date = strings(getColumn(table, 'date'), n);
  const numberCol = getColumn(table, 'number');
  const task = strings(getColumn(table, 'task_protocol'), n);
  // ONE < 1.13 called the column `project`.
  const projects = strings(
    getColumn(table, 'projects') ?? getColumn(table, 'project'),
    n
  );
  const out: ISessionRecord[] = [];
  for (let i = 0; i < n; i++) {
    const number = numberCol ? toNumber(cell(numberCol, i)) : null;
    const eid = eids[i];
    if (eid === null || number === null || !subject[i] || !date[i]) {
      continue;
    }
    out.push({
      eid,
      lab: lab[i],
      subject: subject[i],
      date: date[i].slice(0, 10),
      number,
      taskProtocol: task[i],
      projects: projects[i]
    });
  }
  return out;
}

/** Dataset rows; legacy tables get `qc = NOT_SET`. */
export function datasetRecords(table: ITable, path: string): IDatasetRecord[] {
  const n = table.numRows;
  const eids = idColumn(table, 'eid', path);
  const ids = idColumn(table, 'id', path);
  const relPath = getColumn(table, 'rel_path');
  if (!relPath) {
    throw new CorruptFileError(
      path,
      "the datasets table has no 'rel_path' column"
    );
  }
  const size = getColumn(table, 'file_size');
  const hash = getColumn(table, 'hash');
  const exists = getColumn(table, 'exists');
  const qc = getColumn(table, 'qc');
  const def = getColumn(table, 'default_revision');
  const out: IDatasetRecord[] = [];
  for (let i = 0; i < n; i++) {
    const h = hash ? cell(hash, i) : null;
    const record: IDatasetRecord = {
      eid: eids[i],
      id: ids[i] ?? '',
      relPath: String(cell(relPath, i) ?? ''),
      fileSize: size ? toNumber(cell(size, i)) : null,
      hash: h === null || h === undefined || h === '' ? null : String(h),
      exists: exists ? cell(exists, i) === true : true,
      qc: qc && cell(qc, i) ? parseQc(String(cell(qc, i))) : 'NOT_SET'
    };
    if (def) {
      record.defaultRevision = cell(def, i) === true;
    }
    out.push(record);
  }
  return out;
}

/** Build the cache from the two parsed tables. */
export function cacheFromTables(
  sessions: ITable,
  datasets: ITable,
  where: string
): IOneCache {
  return {
    sessions: sessionRecords(sessions, `${where}/sessions.pqt`),
    datasets: datasetRecords(datasets, `${where}/datasets.pqt`),
    meta: { sessions: oneMetadata(sessions), datasets: oneMetadata(datasets) },
    hasDefaultRevision: getColumn(datasets, 'default_revision') !== undefined
  };
}

/** `lab/Subjects/subject/date/NNN` of a session record (lab omitted when empty). */
export function sessionPathOfRecord(session: ISessionRecord): string {
  return formatSessionPath({
    lab: session.lab || undefined,
    subject: session.subject,
    date: session.date,
    number: String(session.number)
  });
}

/** Datasets grouped by session id. */
export function datasetsByEid(cache: IOneCache): Map<string, IDatasetRecord[]> {
  const map = new Map<string, IDatasetRecord[]>();
  for (const d of cache.datasets) {
    if (d.eid === null) {
      continue;
    }
    const list = map.get(d.eid);
    if (list) {
      list.push(d);
    } else {
      map.set(d.eid, [d]);
    }
  }
  return map;
}
