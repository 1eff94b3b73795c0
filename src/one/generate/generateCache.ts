/**
 * Generates a whole ONE cache folder: N sessions over a few subjects and labs,
 * the cache tables and the REST response cache. Deterministic for a given seed
 * and size (no clock, no randomness outside the seeded streams).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { readStructureTree } from './atlas';
import {
  IDatasetRecord,
  listFiles,
  md5File,
  QcLevel,
  writeCacheTables
} from './cacheTables';
import {
  addSeconds,
  ISession,
  LABS,
  makeSubjects,
  sessionTiming
} from './catalogue';
import { GeneratorError } from './errors';
import { IRestUrls, writeRestCache } from './restCache';
import { Rng } from './rng';
import { sessionPath, writeSession } from './session';
import { SizeName, SIZES } from './sizes';
import { NP1_META, readMetaTemplate } from './spikeglx';

export interface IGenerateOptions {
  outDir: string;
  sessions: number;
  seed: number;
  size: SizeName;
  fixturesDir: string;
  urls?: IRestUrls;
  /** Written as the tables' `date_created`; fixed so output is reproducible. */
  dateCreated?: string;
  log?: (line: string) => void;
  /** Also write each camera's raw movie with ffmpeg (movie.ts). */
  movies?: boolean;
}

export interface IGenerateResult {
  sessions: ISession[];
  datasets: IDatasetRecord[];
  spikes: number;
}

const DEFAULT_URLS: IRestUrls = {
  alyx: 'http://127.0.0.1:8000',
  data: 'http://127.0.0.1:8000/files'
};
const ALLEN_TREE = 'iblatlas/iblatlas/allen_structure_tree.csv';
const OPENAPI = 'ONE/one/tests/fixtures/rest_responses/openapiv3.json';

/** QC of a dataset: mostly PASS, some NOT_SET, a few WARNING (never hidden by ONE's default filter). */
function datasetQc(rng: Rng): QcLevel {
  const u = rng.uniform();
  return u < 0.7 ? 'PASS' : u < 0.95 ? 'NOT_SET' : 'WARNING';
}

function planSessions(rng: Rng, n: number, probes: number): ISession[] {
  // a few subjects, some with several sessions
  const subjects = makeSubjects(
    rng,
    n === 1 ? 1 : Math.max(2, Math.ceil(n / 2))
  );
  const sessions: ISession[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < n; i++) {
    const subject = subjects[i % subjects.length];
    let timing = sessionTiming(rng);
    while (taken.has(`${subject.nickname}/${timing.date}`)) {
      timing = sessionTiming(rng);
    }
    taken.add(`${subject.nickname}/${timing.date}`);
    sessions.push({
      eid: rng.uuid4(),
      lab: subject.lab,
      subject,
      date: timing.date,
      number: 1,
      start_time: timing.start,
      end_time: timing.start,
      task_protocol: '_iblrig_tasks_ephysChoiceWorld6.6.2',
      projects: ['ibl_neuropixel_brainwide_01'],
      users: [subject.responsible_user],
      probes: Array.from({ length: probes }, (_, k) => ({
        id: rng.uuid4(),
        name: `probe${String(k).padStart(2, '0')}`,
        model: '3B2',
        serial: String(18005100000 + rng.int(99999))
      })),
      n_trials: 0,
      n_correct_trials: 0
    });
  }
  return sessions;
}

export function generateCache(o: IGenerateOptions): IGenerateResult {
  if (!Number.isInteger(o.sessions) || o.sessions < 1) {
    throw new GeneratorError(
      '--sessions',
      `${o.sessions} is not a positive integer`,
      'pass e.g. --sessions 3'
    );
  }
  const size = SIZES[o.size];
  if (!size) {
    throw new GeneratorError(
      '--size',
      `unknown size ${o.size}`,
      'use tiny, small or bench'
    );
  }
  const log = o.log ?? (() => undefined);
  fs.mkdirSync(o.outDir, { recursive: true });
  const tree = readStructureTree(path.join(o.fixturesDir, ALLEN_TREE));
  const metaTemplate = readMetaTemplate(path.join(o.fixturesDir, NP1_META));
  const rng = new Rng(o.seed, 'catalogue');
  const sessions = planSessions(rng, o.sessions, size.probes);
  const datasets: IDatasetRecord[] = [];
  let spikes = 0;
  for (const s of sessions) {
    const stats = writeSession(
      {
        seed: o.seed,
        outDir: o.outDir,
        size,
        tree,
        metaTemplate,
        movies: o.movies
      },
      s
    );
    s.n_trials = stats.nTrials;
    s.n_correct_trials = stats.nCorrect;
    s.end_time = addSeconds(
      s.start_time,
      size.taskSeconds + size.passiveSeconds
    );
    spikes += stats.nSpikes;
    const root = path.join(o.outDir, sessionPath(s));
    const qcRng = new Rng(o.seed, s.eid, 'datasets');
    for (const rel of listFiles(root)) {
      const file = path.join(root, rel);
      datasets.push({
        eid: s.eid,
        id: qcRng.uuid4(),
        rel_path: rel,
        file_size: fs.statSync(file).size,
        hash: md5File(file),
        qc: datasetQc(qcRng)
      });
    }
    log(
      `${sessionPath(s)}  eid ${s.eid}  trials ${stats.nTrials}  spikes ${stats.nSpikes}`
    );
  }
  writeCacheTables(o.outDir, sessions, datasets, {
    date_created: o.dateCreated ?? '2025-06-01 12:00',
    origin: 'jupyterlab-ibl-nwb generator',
    min_api_version: '2.10'
  });
  const schemaFile = path.join(o.fixturesDir, OPENAPI);
  const schema = fs.existsSync(schemaFile)
    ? JSON.parse(fs.readFileSync(schemaFile, 'utf8'))
    : undefined;
  const labs = LABS.filter(lab => sessions.some(s => s.lab === lab.name));
  writeRestCache(
    o.outDir,
    sessions,
    datasets,
    labs,
    o.urls ?? DEFAULT_URLS,
    schema
  );
  return { sessions, datasets, spikes };
}
