/**
 * ONE's REST response cache for the generated sessions: `.rest/<sha1 of the
 * request path>` holding `[response, expiry]`, as Python ONE writes it. With
 * these, `one.alyx.rest(...)` and our offline metadata work without a server.
 * Records follow the Alyx serializers (SessionDetail, SubjectDetail, Lab, …).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ILab, ISession, ISubject } from './catalogue';
import { IDatasetRecord } from './cacheTables';
import { sessionPath } from './session';

export interface IRestUrls {
  alyx: string; // e.g. https://alyx.example.org (no trailing slash)
  data: string; // HTTP data server root
}

/** Far-future expiry, as in ONE's own recorded fixtures: these records never go stale. */
export const REST_EXPIRY = '3000-01-01T00:00:00';

function paginated(results: unknown[]): object {
  return { count: results.length, next: null, previous: null, results };
}

/** `name.ext` → `name.<uuid>.ext`, the file-server name of a dataset. */
function withUuid(relPath: string, id: string): string {
  const dot = relPath.lastIndexOf('.');
  return `${relPath.slice(0, dot)}.${id}${relPath.slice(dot)}`;
}

function datasetType(name: string): string {
  const parts = name.replace(/^_[A-Za-z0-9]+_/, '').split('.');
  if (parts[0].startsWith('ephysData')) {
    return `ephysData.raw.${parts[parts.length - 1] === 'cbin' ? parts[parts.length - 2] : parts[parts.length - 1]}`;
  }
  // Alyx types are per kind of object, not per camera: camera.times, ROIMotionEnergy.position
  const object = /Camera$/.test(parts[0])
    ? 'camera'
    : parts[0].replace(/^(left|right|body)ROIMotionEnergy$/, 'ROIMotionEnergy');
  return `${object}.${parts[1]}`;
}

export function sessionListRecord(s: ISession, urls: IRestUrls): object {
  return {
    id: s.eid,
    subject: s.subject.nickname,
    start_time: s.start_time,
    number: s.number,
    lab: s.lab,
    projects: s.projects,
    url: `${urls.alyx}/sessions/${s.eid}`,
    task_protocol: s.task_protocol
  };
}

function insertionRecord(
  s: ISession,
  p: ISession['probes'][number],
  datasets: IDatasetRecord[]
): object {
  return {
    id: p.id,
    name: p.name,
    model: p.model,
    serial: p.serial,
    session: s.eid,
    json: { qc: 'NOT_SET', extended_qc: {} },
    auto_datetime: s.end_time,
    chronic_insertion: null,
    datasets: datasets
      .filter(d => d.rel_path.includes(`/${p.name}/`))
      .map(d => d.id)
  };
}

export function sessionDetailRecord(
  s: ISession,
  datasets: IDatasetRecord[],
  urls: IRestUrls
): object {
  const sp = sessionPath(s);
  return {
    subject: s.subject.nickname,
    users: s.users,
    location: null,
    procedures: [
      'Behavior training/tasks',
      'Ephys recording with acute probe(s)'
    ],
    lab: s.lab,
    projects: s.projects,
    type: 'Experiment',
    task_protocol: s.task_protocol,
    number: s.number,
    start_time: s.start_time,
    end_time: s.end_time,
    narrative: '',
    parent_session: null,
    n_correct_trials: s.n_correct_trials,
    n_trials: s.n_trials,
    url: `${urls.alyx}/sessions/${s.eid}`,
    extended_qc: null,
    qc: 'NOT_SET',
    wateradmin_session_related: [],
    data_dataset_session_related: datasets.map(d => {
      const slash = d.rel_path.lastIndexOf('/');
      return {
        id: d.id,
        name: d.rel_path.slice(slash + 1),
        dataset_type: datasetType(d.rel_path.slice(slash + 1)),
        data_url: `${urls.data}/${sp}/${withUuid(d.rel_path, d.id)}`,
        url: `${urls.alyx}/datasets/${d.id}`,
        file_size: d.file_size,
        hash: d.hash,
        version: '2.40.0',
        collection: slash < 0 ? '' : d.rel_path.slice(0, slash),
        revision: '',
        default_revision: 'True',
        qc: d.qc
      };
    }),
    auto_datetime: s.end_time,
    id: s.eid,
    json: null,
    probe_insertion: s.probes.map(p => insertionRecord(s, p, datasets)),
    field_of_view: [],
    notes: []
  };
}

export function subjectDetailRecord(
  subject: ISubject,
  urls: IRestUrls
): object {
  return {
    nickname: subject.nickname,
    url: `${urls.alyx}/subjects/${subject.nickname}`,
    id: subject.id,
    responsible_user: subject.responsible_user,
    birth_date: subject.birth_date,
    age_weeks: null,
    death_date: null,
    species: 'Mus musculus',
    sex: subject.sex,
    litter: null,
    strain: 'C57BL/6J',
    source: 'Jax',
    line: null,
    projects: ['ibl_neuropixel_brainwide_01'],
    session_projects: ['ibl_neuropixel_brainwide_01'],
    lab: subject.lab,
    genotype: [],
    description: '',
    alive: false,
    reference_weight: subject.reference_weight,
    last_water_restriction: null,
    expected_water: null,
    remaining_water: null,
    json: null,
    weighings: [],
    water_administrations: []
  };
}

export function labRecord(lab: ILab): object {
  return {
    name: lab.name,
    institution: lab.institution,
    address: lab.address,
    timezone: lab.timezone,
    repositories: lab.repositories,
    reference_weight_pct: lab.reference_weight_pct,
    zscore_weight_pct: lab.zscore_weight_pct,
    json: lab.json
  };
}

/** Python's `urllib.parse.quote_plus`, so list-query cache keys match ONE's byte for byte. */
export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%7E/g, '~');
}

/** Write one cache entry; the key is the request path exactly as ONE passes it. */
export function writeRestEntry(
  cacheDir: string,
  requestPath: string,
  response: unknown
): string {
  const dir = path.join(cacheDir, '.rest');
  fs.mkdirSync(dir, { recursive: true });
  const name = createHash('sha1').update(requestPath, 'utf8').digest('hex');
  fs.writeFileSync(
    path.join(dir, name),
    JSON.stringify([response, REST_EXPIRY])
  );
  return name;
}

/** All entries for the generated sessions, their subjects and labs. */
export function writeRestCache(
  cacheDir: string,
  sessions: ISession[],
  datasets: IDatasetRecord[],
  labs: ILab[],
  urls: IRestUrls,
  apiSchema?: unknown
): void {
  if (apiSchema !== undefined) {
    // ONE's `rest()` reads the endpoint list from /api/schema before any call
    writeRestEntry(cacheDir, '/api/schema', apiSchema);
  }
  for (const s of sessions) {
    const own = datasets.filter(d => d.eid === s.eid);
    writeRestEntry(
      cacheDir,
      `/sessions/${s.eid}`,
      sessionDetailRecord(s, own, urls)
    );
    const list = paginated([sessionListRecord(s, urls)]);
    writeRestEntry(cacheDir, `/sessions?id=${s.eid}`, list);
    // what `rest('sessions', 'list', id=eid)` requests
    writeRestEntry(
      cacheDir,
      `/sessions?django=${quotePlus(`pk,${s.eid}`)}`,
      list
    );
    writeRestEntry(
      cacheDir,
      `/insertions?session=${quotePlus(s.eid)}`,
      paginated(s.probes.map(p => insertionRecord(s, p, own)))
    );
    for (const p of s.probes) {
      writeRestEntry(
        cacheDir,
        `/insertions/${p.id}`,
        insertionRecord(s, p, own)
      );
    }
  }
  const subjects = new Map(sessions.map(s => [s.subject.nickname, s.subject]));
  for (const subject of subjects.values()) {
    const record = subjectDetailRecord(subject, urls);
    writeRestEntry(cacheDir, `/subjects/${subject.nickname}`, record);
    // the list serializer has no weighings / water administrations
    const listRecord = Object.fromEntries(
      Object.entries(record).filter(
        ([key]) => key !== 'weighings' && key !== 'water_administrations'
      )
    );
    writeRestEntry(
      cacheDir,
      `/subjects?nickname=${quotePlus(subject.nickname)}`,
      paginated([listRecord])
    );
  }
  for (const lab of labs) {
    writeRestEntry(cacheDir, `/labs/${lab.name}`, labRecord(lab));
    writeRestEntry(
      cacheDir,
      `/labs?name=${quotePlus(lab.name)}`,
      paginated([labRecord(lab)])
    );
  }
}
