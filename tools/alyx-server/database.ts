/**
 * The in-memory Alyx database of the test server: records in the shapes the
 * real Alyx serialisers produce (see one_alyx.md §4), built from ONE cache
 * folders. Records carry absolute URLs, so the database is built once the
 * server knows its own address.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { ICacheFolder } from './cacheFolder';

export type AlyxRecord = Record<string, any>;

export interface IAlyxDatabase {
  /** Session details by eid (they embed the dataset and insertion lists). */
  sessions: Map<string, AlyxRecord>;
  datasets: Map<string, AlyxRecord>;
  insertions: Map<string, AlyxRecord>;
  subjects: Map<string, AlyxRecord>;
  labs: Map<string, AlyxRecord>;
  revisions: Map<string, AlyxRecord>;
  datasetTypes: Map<string, AlyxRecord>;
  dataRepositories: Map<string, AlyxRecord>;
  /** Data-server path (decoded, with UUID) → local file. */
  files: Map<string, string>;
}

export function emptyDatabase(): IAlyxDatabase {
  return {
    sessions: new Map(),
    datasets: new Map(),
    insertions: new Map(),
    subjects: new Map(),
    labs: new Map(),
    revisions: new Map(),
    datasetTypes: new Map(),
    dataRepositories: new Map(),
    files: new Map()
  };
}

/** A stable name-based UUID (MD5, version 3) so that runs are reproducible. */
export function uuidFrom(name: string): string {
  const hex = createHash('md5').update(name).digest('hex').split('');
  hex[12] = '3';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Alyx-like dataset type of a file name: `_ibl_` is dropped, other namespaces kept. */
function datasetTypeOf(name: string): string {
  const parts = name.replace(/^_ibl_/, '').split('.');
  return parts.slice(0, 2).join('.');
}

function splitRelPath(relPath: string): {
  collection: string;
  revision: string;
  name: string;
} {
  const parts = relPath.split('/');
  const name = parts.pop() ?? '';
  let revision = '';
  if (parts.length && /^#.*#$/.test(parts[parts.length - 1])) {
    revision = parts.pop()!.slice(1, -1);
  }
  return { collection: parts.join('/'), revision, name };
}

function withUuid(relPath: string, uuid: string): string {
  const dot = relPath.lastIndexOf('.');
  return `${relPath.slice(0, dot)}.${uuid}${relPath.slice(dot)}`;
}

/** Add one cache folder's sessions, datasets, insertions, subjects and labs. */
export function addCacheFolder(
  db: IAlyxDatabase,
  folder: ICacheFolder,
  baseUrl: string,
  dataUrl: string
): void {
  const byEid = new Map<string, ICacheFolder['datasets']>();
  for (const d of folder.datasets) {
    byEid.set(d.eid, [...(byEid.get(d.eid) ?? []), d]);
  }
  for (const s of folder.sessions) {
    const number = String(s.number).padStart(3, '0');
    const sessionPath = `${s.lab}/Subjects/${s.subject}/${s.date}/${number}`;
    const recorded = (folder.restRecord(`/sessions/${s.eid}`) ??
      {}) as AlyxRecord;
    const sessionUrl = `${baseUrl}/sessions/${s.eid}`;
    const items: AlyxRecord[] = [];
    const probes = new Map<string, string[]>();
    for (const d of byEid.get(s.eid) ?? []) {
      const { collection, revision, name } = splitRelPath(d.relPath);
      const serverPath = `${dataUrl.replace(/^https?:\/\/[^/]+/, '')}/${sessionPath}/${withUuid(d.relPath, d.id)}`;
      const fileUrl = `${dataUrl}/${sessionPath}/${withUuid(d.relPath, d.id)}`;
      db.files.set(serverPath, join(folder.root, sessionPath, d.relPath));
      if (revision && !db.revisions.has(revision)) {
        db.revisions.set(revision, {
          id: uuidFrom(`revision:${revision}`),
          json: null,
          name: revision,
          description: '',
          created_datetime: `${s.date}T00:00:00`
        });
      }
      const type = datasetTypeOf(name);
      const common = {
        name,
        dataset_type: type,
        data_url: fileUrl,
        url: `${baseUrl}/datasets/${d.id}`,
        file_size: d.fileSize,
        hash: d.hash,
        version: null,
        collection
      };
      items.push({
        id: d.id,
        ...common,
        revision: revision ? db.revisions.get(revision)!.id : '',
        default_revision: d.defaultRevision ? 'True' : 'False',
        qc: d.qc
      });
      db.datasets.set(d.id, {
        url: common.url,
        name,
        created_by: null,
        created_datetime: null,
        dataset_type: type,
        data_format: name.split('.').pop(),
        collection,
        session: sessionUrl,
        file_size: d.fileSize,
        hash: d.hash,
        version: null,
        experiment_number: s.number,
        file_records: [
          {
            id: uuidFrom(`file:${d.id}`),
            data_repository: `flatiron_${s.lab}`,
            data_repository_path: `/${s.lab}/Subjects/`,
            relative_path: `${s.subject}/${s.date}/${number}/${d.relPath}`,
            data_url: fileUrl,
            exists: true
          }
        ],
        auto_datetime: null,
        revision,
        default_dataset: d.defaultRevision,
        protected: false,
        public: true,
        tags: [],
        qc: d.qc,
        json: null
      });
      const probe = /(?:^|\/)(probe\d\d)(?:\/|$)/.exec(collection);
      if (probe) {
        probes.set(probe[1], [...(probes.get(probe[1]) ?? []), d.id]);
      }
    }
    const listRecord = {
      id: s.eid,
      subject: s.subject,
      start_time: recorded.start_time ?? `${s.date}T00:00:00`,
      number: s.number,
      lab: s.lab,
      projects: s.projects,
      url: sessionUrl,
      task_protocol: s.taskProtocol
    };
    const insertions = [...probes.keys()].sort().map(probe => {
      const pid = uuidFrom(`insertion:${s.eid}:${probe}`);
      const record = {
        id: pid,
        name: probe,
        model: null,
        serial: null,
        session: s.eid,
        session_info: listRecord,
        json: {},
        auto_datetime: null,
        chronic_insertion: null,
        datasets: probes.get(probe)
      };
      db.insertions.set(pid, record);
      return record;
    });
    db.sessions.set(s.eid, {
      subject: s.subject,
      users: recorded.users ?? [],
      location: recorded.location ?? null,
      procedures: recorded.procedures ?? [],
      lab: s.lab,
      projects: s.projects,
      type: recorded.type ?? 'Experiment',
      task_protocol: s.taskProtocol,
      number: s.number,
      start_time: listRecord.start_time,
      end_time: recorded.end_time ?? null,
      narrative: recorded.narrative ?? '',
      parent_session: null,
      n_correct_trials: recorded.n_correct_trials ?? null,
      n_trials: recorded.n_trials ?? null,
      url: sessionUrl,
      extended_qc: recorded.extended_qc ?? null,
      qc: recorded.qc ?? 'NOT_SET',
      wateradmin_session_related: [],
      data_dataset_session_related: items,
      auto_datetime: recorded.auto_datetime ?? listRecord.start_time,
      id: s.eid,
      json: recorded.json ?? null,
      probe_insertion: insertions,
      field_of_view: [],
      notes: []
    });
    addSubjectAndLab(db, folder, s.subject, s.lab, s.projects, baseUrl);
  }
}

function addSubjectAndLab(
  db: IAlyxDatabase,
  folder: ICacheFolder,
  nickname: string,
  lab: string,
  projects: string[],
  baseUrl: string
): void {
  if (!db.subjects.has(nickname)) {
    const recorded = (folder.restRecord(`/subjects/${nickname}`) ??
      {}) as AlyxRecord;
    db.subjects.set(nickname, {
      nickname,
      id: uuidFrom(`subject:${nickname}`),
      responsible_user: null,
      birth_date: null,
      age_weeks: null,
      death_date: null,
      species: null,
      sex: 'U',
      litter: null,
      strain: null,
      source: null,
      line: null,
      projects,
      session_projects: projects,
      lab,
      genotype: [],
      description: '',
      alive: null,
      json: null,
      ...recorded,
      url: `${baseUrl}/subjects/${nickname}`
    });
  }
  if (!db.labs.has(lab)) {
    const recorded = (folder.restRecord(`/labs/${lab}`) ?? {}) as AlyxRecord;
    db.labs.set(lab, {
      name: lab,
      institution: '',
      address: '',
      timezone: '',
      repositories: [`flatiron_${lab}`],
      json: null,
      ...recorded
    });
  }
}
