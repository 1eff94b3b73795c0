/**
 * Shapes of the Alyx REST records ONE reads, and their conversion into ONE
 * cache-table rows (`ses2records` / `datasets2records` in Python ONE).
 */
import { alfPathOf, removeUuidFromPath, splitSessionPath } from './urls';

/** `GET /sessions` list item (SessionList serializer). */
export interface ISessionListRecord {
  id: string;
  subject: string;
  start_time: string;
  number: number;
  lab: string;
  projects: string[];
  url?: string;
  task_protocol: string;
}

/** One item of `data_dataset_session_related` in a session detail. */
export interface ISessionDatasetRecord {
  id: string;
  name: string;
  dataset_type: string;
  data_url: string | null;
  url: string;
  file_size: number | null;
  hash: string | null;
  version: string | null;
  collection: string;
  /** Revision record UUID, or '' — not the revision name. */
  revision?: string;
  /** The string "True" or "False". */
  default_revision?: string;
  qc?: string;
}

/** `GET /sessions/{eid}` (SessionDetail); only the fields we rely on are typed. */
export interface ISessionDetail {
  id: string;
  subject: string;
  users: string[];
  lab: string;
  projects: string[];
  task_protocol: string;
  number: number | null;
  start_time: string;
  end_time: string | null;
  url: string;
  qc: string;
  data_dataset_session_related: ISessionDatasetRecord[];
  probe_insertion: IInsertionRecord[];
  [key: string]: unknown;
}

/** `GET /datasets` item. */
export interface IDatasetRecord {
  url: string;
  name: string;
  dataset_type: string;
  collection: string | null;
  session: string | null;
  file_size: number | null;
  hash: string | null;
  revision: string | null;
  default_dataset: boolean;
  qc?: string;
  file_records: IFileRecord[];
  [key: string]: unknown;
}

export interface IFileRecord {
  id: string;
  data_repository: string;
  data_repository_path: string;
  relative_path: string;
  data_url: string | null;
  exists: boolean;
}

/** `GET /insertions` item (detail: `datasets` are objects instead of UUIDs). */
export interface IInsertionRecord {
  id: string;
  name: string;
  model: string | null;
  serial: string | null;
  session: string;
  session_info?: Partial<ISessionListRecord>;
  json: unknown;
  datasets: unknown[];
  [key: string]: unknown;
}

export interface ISubjectRecord {
  nickname: string;
  id: string;
  lab: string;
  sex?: string;
  birth_date?: string | null;
  [key: string]: unknown;
}

export interface ILabRecord {
  name: string;
  institution?: string;
  timezone?: string;
  [key: string]: unknown;
}

/** A row of ONE's `datasets` cache table, as remote mode builds it. */
export interface IDatasetRow {
  eid: string | null;
  id: string;
  /** Session path `lab/Subjects/subject/date/NNN` (from the data URL). */
  sessionPath: string | null;
  /** `collection/#revision#/name` without UUID. */
  rel_path: string;
  file_size: number | null;
  hash: string | null;
  exists: boolean;
  qc: string;
  default_revision: boolean;
  /** The data URL the row came from (with the UUID in the file name). */
  data_url: string;
}

/** A row of ONE's `sessions` cache table. */
export interface ISessionRow {
  id: string;
  lab: string;
  subject: string;
  date: string;
  number: number;
  task_protocol: string;
  projects: string;
}

/** The last 36 characters of a URL or id (ONE's `to_eid` on record URLs). */
export function uuidOf(urlOrId: string): string {
  return urlOrId.slice(-36);
}

/** The session row of a list or detail record. */
export function sessionRow(
  record: ISessionListRecord | ISessionDetail
): ISessionRow {
  return {
    id: record.id ?? uuidOf(record.url ?? ''),
    lab: record.lab,
    subject: record.subject,
    date: record.start_time.slice(0, 10),
    number: record.number ?? 0,
    task_protocol: record.task_protocol ?? '',
    projects: (record.projects ?? []).join(',')
  };
}

/** Dataset rows of a session detail; datasets without a data URL are skipped. */
export function sessionDatasetRows(detail: ISessionDetail): IDatasetRow[] {
  const eid = detail.id ?? uuidOf(detail.url);
  const rows: IDatasetRow[] = [];
  for (const item of detail.data_dataset_session_related ?? []) {
    if (!item.data_url) {
      continue;
    }
    const split = splitDataUrl(item.data_url);
    rows.push({
      eid,
      id: item.id,
      sessionPath: split.sessionPath,
      rel_path: split.relPath,
      file_size: item.file_size ?? null,
      hash: item.hash || null,
      exists: true,
      qc: item.qc || 'NOT_SET',
      default_revision: item.default_revision === 'True',
      data_url: item.data_url
    });
  }
  return rows;
}

/** Dataset rows of `/datasets` records (first existing file record with a URL). */
export function datasetRecordRows(records: IDatasetRecord[]): IDatasetRow[] {
  const rows: IDatasetRow[] = [];
  for (const record of records) {
    const file = record.file_records?.find(f => f.data_url && f.exists);
    if (!file?.data_url) {
      continue;
    }
    const split = splitDataUrl(file.data_url);
    rows.push({
      eid: record.session ? uuidOf(record.session) : null,
      id: uuidOf(record.url),
      sessionPath: split.sessionPath,
      rel_path: split.relPath,
      file_size: record.file_size ?? null,
      hash: record.hash || null,
      exists: true,
      qc: record.qc || 'NOT_SET',
      default_revision: record.default_dataset !== false,
      data_url: file.data_url
    });
  }
  return rows;
}

function splitDataUrl(dataUrl: string): {
  sessionPath: string | null;
  relPath: string;
} {
  const alf = removeUuidFromPath(alfPathOf(dataUrl) ?? dataUrl);
  const split = splitSessionPath(alf);
  return split
    ? { sessionPath: split.sessionPath, relPath: split.relPath }
    : { sessionPath: null, relPath: alf };
}
