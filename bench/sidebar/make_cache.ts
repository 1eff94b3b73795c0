/**
 * Writes a large ONE cache (tables only, no data files) for the sidebar
 * search benchmark, with the project's own table writer
 * (`writeCacheTables`, the one behind `demo/one-cache`).
 *
 *   tsx bench/sidebar/make_cache.ts OUT_DIR [--sessions 30000]
 *        [--subjects 1000] [--datasets-per-session 30] [--seed 6]
 *
 * ~20 labs (real IBL lab names), subjects spread over them, session dates
 * across 2019-01-01 … 2025-12-31, IBL task protocols and projects, and the
 * first N dataset paths of a behaviour + video session per session.
 */
import * as fs from 'node:fs';

import {
  IDatasetRecord,
  QC_LEVELS,
  writeCacheTables
} from '../../src/one/generate/cacheTables';
import { ISession, ISubject } from '../../src/one/generate/catalogue';
import { Rng } from '../../src/one/generate/rng';

const LABS: [string, string][] = [
  ['angelakilab', 'NYU-'],
  ['churchlandlab', 'CSHL0'],
  ['churchlandlab_ucla', 'UCLA0'],
  ['cortexlab', 'KS0'],
  ['danlab', 'DY_0'],
  ['hausserlab', 'PL0'],
  ['hoferlab', 'SWC_0'],
  ['mainenlab', 'ZFM-0'],
  ['mrsicflogellab', 'SWC_1'],
  ['steinmetzlab', 'NR_0'],
  ['wittenlab', 'ibl_witten_'],
  ['zadorlab', 'CSH_ZAD_0'],
  ['zadorlab_gpu', 'CSH_GPU_0'],
  ['carandinilab', 'CR_0'],
  ['davislab', 'DAV_0'],
  ['hopkinslab', 'JHU_0'],
  ['musallab', 'MUS_0'],
  ['petersenlab', 'PET_0'],
  ['rossantlab', 'RO_0'],
  ['svobodalab', 'SV_0']
];

const PROTOCOLS = [
  '_iblrig_tasks_habituationChoiceWorld6.6.2',
  '_iblrig_tasks_trainingChoiceWorld6.6.2',
  '_iblrig_tasks_biasedChoiceWorld6.6.2',
  '_iblrig_tasks_ephysChoiceWorld6.6.2',
  '_iblrig_tasks_passiveChoiceWorld6.6.2',
  '_iblrig_tasks_trainingChoiceWorld8.12.0/_iblrig_tasks_passiveChoiceWorld8.12.0'
];

const PROJECTS = [
  'ibl_neuropixel_brainwide_01',
  'ibl_behaviour_pilot',
  'ibl_training',
  'ibl_mainenlab',
  'churchland_learning',
  'brainwide_map_v2'
];

/** Dataset paths of one behaviour + video session (the first N are used). */
const DATASETS = [
  'alf/_ibl_trials.table.pqt',
  'alf/_ibl_trials.goCueTrigger_times.npy',
  'alf/_ibl_trials.stimOnTrigger_times.npy',
  'alf/_ibl_trials.stimOff_times.npy',
  'alf/_ibl_trials.quiescencePeriod.npy',
  'alf/_ibl_trials.intervals_bpod.npy',
  'alf/_ibl_wheel.position.npy',
  'alf/_ibl_wheel.timestamps.npy',
  'alf/_ibl_wheelMoves.intervals.npy',
  'alf/_ibl_wheelMoves.peakAmplitude.npy',
  'alf/_ibl_leftCamera.times.npy',
  'alf/_ibl_leftCamera.dlc.pqt',
  'alf/_ibl_leftCamera.features.pqt',
  'alf/leftCamera.ROIMotionEnergy.npy',
  'alf/leftROIMotionEnergy.position.npy',
  'alf/_ibl_rightCamera.times.npy',
  'alf/_ibl_rightCamera.dlc.pqt',
  'alf/_ibl_rightCamera.features.pqt',
  'alf/rightCamera.ROIMotionEnergy.npy',
  'alf/rightROIMotionEnergy.position.npy',
  'alf/_ibl_bodyCamera.times.npy',
  'alf/_ibl_bodyCamera.dlc.pqt',
  'alf/bodyCamera.ROIMotionEnergy.npy',
  'alf/bodyROIMotionEnergy.position.npy',
  'alf/licks.times.npy',
  'alf/_ibl_passiveGabor.table.csv',
  'alf/_ibl_passivePeriods.intervalsTable.csv',
  'alf/_ibl_passiveStims.table.csv',
  'raw_video_data/_iblrig_leftCamera.raw.mp4',
  'raw_behavior_data/_iblrig_taskData.raw.jsonable',
  'raw_behavior_data/_iblrig_taskSettings.raw.json',
  'raw_video_data/_iblrig_rightCamera.raw.mp4',
  'raw_video_data/_iblrig_bodyCamera.raw.mp4'
];

const FIRST_DAY = Date.UTC(2019, 0, 1);
const N_DAYS = Math.round((Date.UTC(2025, 11, 31) - FIRST_DAY) / 86400000) + 1;

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

function hex(rng: Rng, n: number): string {
  let out = '';
  while (out.length < n) {
    out += rng.nextU32().toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}

function main(): void {
  const argv = process.argv.slice(2);
  const out = argv[0];
  if (!out || out.startsWith('--')) {
    throw new Error('usage: make_cache.ts OUT_DIR [--sessions N] ...');
  }
  const nSessions = option(argv, 'sessions', 30000);
  const nSubjects = option(argv, 'subjects', 1000);
  const perSession = Math.min(
    DATASETS.length,
    option(argv, 'datasets-per-session', 30)
  );
  const rng = new Rng(option(argv, 'seed', 6), 'bench-sidebar');

  const subjects: ISubject[] = [];
  for (let i = 0; i < nSubjects; i++) {
    const [lab, prefix] = LABS[i % LABS.length];
    subjects.push({
      id: rng.uuid4(),
      nickname: `${prefix}${String(100 + Math.floor(i / LABS.length)).padStart(3, '0')}`,
      lab,
      sex: rng.uniform() < 0.5 ? 'M' : 'F',
      birth_date: '2018-06-01',
      reference_weight: 22,
      responsible_user: `${lab}_user`
    });
  }

  // Each subject trains on consecutive-ish days from a random start; a few
  // days have a second session (number 2).
  const sessions: ISession[] = [];
  const perSubject = Math.ceil(nSessions / nSubjects);
  for (const subject of subjects) {
    let day = rng.int(Math.max(1, N_DAYS - perSubject * 3 - 1));
    let second = false;
    for (let k = 0; k < perSubject && sessions.length < nSessions; k++) {
      second = k > 0 && !second && rng.uniform() < 0.05;
      if (!second) {
        day += 1 + (rng.uniform() < 0.3 ? rng.int(3) : 0);
      }
      const date = new Date(FIRST_DAY + day * 86400000)
        .toISOString()
        .slice(0, 10);
      const stage = Math.min(
        PROTOCOLS.length - 1,
        Math.floor((k / perSubject) * (PROTOCOLS.length - 1) + rng.uniform())
      );
      sessions.push({
        eid: rng.uuid4(),
        lab: subject.lab,
        subject,
        date,
        number: second ? 2 : 1,
        start_time: `${date}T10:00:00.000000`,
        end_time: `${date}T11:00:00`,
        task_protocol: PROTOCOLS[stage],
        projects:
          rng.uniform() < 0.1
            ? [PROJECTS[rng.int(PROJECTS.length)], PROJECTS[0]]
            : [PROJECTS[rng.int(PROJECTS.length)]],
        users: [subject.responsible_user],
        probes: [],
        n_trials: 0,
        n_correct_trials: 0
      });
    }
  }

  const datasets: IDatasetRecord[] = [];
  for (const session of sessions) {
    for (let j = 0; j < perSession; j++) {
      datasets.push({
        eid: session.eid,
        id: rng.uuid4(),
        rel_path: DATASETS[j],
        file_size: 1000 + rng.int(50_000_000),
        hash: hex(rng, 32),
        qc: QC_LEVELS[rng.int(3)]
      });
    }
  }

  fs.mkdirSync(out, { recursive: true });
  writeCacheTables(out, sessions, datasets, {
    date_created: '2025-12-31 12:00',
    origin: 'jupyterlab-ibl-nwb bench/sidebar',
    min_api_version: '2.10'
  });
  process.stdout.write(
    JSON.stringify({
      sessions: sessions.length,
      subjects: subjects.length,
      labs: LABS.length,
      datasets: datasets.length
    }) + '\n'
  );
}

main();
