/**
 * Labs, subjects and session metadata in Alyx's shapes. Lab details are those of
 * real IBL labs (mainenlab and cortexlab exactly as in the recorded fixtures);
 * subject nicknames follow each lab's naming habit.
 */
import { Rng } from './rng';

export interface ILab {
  name: string;
  institution: string;
  address: string;
  timezone: string;
  repositories: string[];
  reference_weight_pct: number;
  zscore_weight_pct: number;
  json: unknown;
  nicknamePrefix: string;
  nicknameDigits: number;
}

export const LABS: ILab[] = [
  {
    name: 'mainenlab',
    institution: 'Champalimaud Centre for the Unknown',
    address: 'Avenida Brasilia, 1400-038, Lisboa, Portugal',
    timezone: 'Europe/Lisbon',
    repositories: ['flatiron_mainenlab', 'mainen_lab_SR'],
    reference_weight_pct: 0.8,
    zscore_weight_pct: 0,
    json: '{\n "lat": 38.6934964,\n "lng": -9.2215303\n}',
    nicknamePrefix: 'ZFM-0',
    nicknameDigits: 4
  },
  {
    name: 'cortexlab',
    institution: 'University College London',
    address:
      'Cruciform Building, Gower Street, London, WC1E 6BT, United Kingdom',
    timezone: 'Europe/London',
    repositories: ['flatiron_cortexlab'],
    reference_weight_pct: 0,
    zscore_weight_pct: 0.8,
    json: null,
    nicknamePrefix: 'KS0',
    nicknameDigits: 2
  },
  {
    name: 'churchlandlab',
    institution: 'Cold Spring Harbor Laboratory',
    address: '1 Bungtown Road, Cold Spring Harbor, NY 11724, USA',
    timezone: 'America/New_York',
    repositories: ['flatiron_churchlandlab'],
    reference_weight_pct: 0,
    zscore_weight_pct: 0.8,
    json: null,
    nicknamePrefix: 'CSHL0',
    nicknameDigits: 2
  },
  {
    name: 'hoferlab',
    institution: 'Sainsbury Wellcome Centre',
    address: '25 Howland Street, London W1T 4JG, United Kingdom',
    timezone: 'Europe/London',
    repositories: ['flatiron_hoferlab'],
    reference_weight_pct: 0,
    zscore_weight_pct: 0.8,
    json: null,
    nicknamePrefix: 'SWC_0',
    nicknameDigits: 2
  }
];

export interface ISubject {
  id: string;
  nickname: string;
  lab: string;
  sex: 'M' | 'F';
  birth_date: string;
  reference_weight: number;
  responsible_user: string;
}

export interface IProbeInsertion {
  id: string; // pid
  name: string; // probe00
  model: string;
  serial: string;
}

export interface ISession {
  eid: string;
  lab: string;
  subject: ISubject;
  date: string; // YYYY-MM-DD
  number: number;
  start_time: string; // naive ISO, lab local time
  end_time: string;
  task_protocol: string;
  projects: string[];
  users: string[];
  probes: IProbeInsertion[];
  n_trials: number;
  n_correct_trials: number;
}

const BWM_FIRST_DAY = Date.UTC(2019, 10, 26);
const BWM_LAST_DAY = Date.UTC(2023, 9, 19);
const DAY_MS = 86400000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Subjects spread over labs: `nSubjects` of them, each in one lab. */
export function makeSubjects(rng: Rng, nSubjects: number): ISubject[] {
  const used = new Set<string>();
  const subjects: ISubject[] = [];
  for (let i = 0; i < nSubjects; i++) {
    const lab = LABS[i % LABS.length];
    let nickname = '';
    do {
      const low = 10 ** (lab.nicknameDigits - 1);
      nickname = `${lab.nicknamePrefix}${low + rng.int(9 * low)}`;
    } while (used.has(nickname));
    used.add(nickname);
    const birth = BWM_FIRST_DAY - rng.int(120) * DAY_MS - 60 * DAY_MS;
    subjects.push({
      id: rng.uuid4(),
      nickname,
      lab: lab.name,
      sex: rng.uniform() < 0.5 ? 'M' : 'F',
      birth_date: isoDate(birth),
      reference_weight: Math.round(rng.between(19, 28) * 10) / 10,
      responsible_user: `${lab.name.replace(/lab$/, '')}_user`
    });
  }
  return subjects;
}

/** A session's date (after the subject's birth + 3 months) and start time. */
export function sessionTiming(rng: Rng): { date: string; start: string } {
  const day =
    BWM_FIRST_DAY + rng.int((BWM_LAST_DAY - BWM_FIRST_DAY) / DAY_MS) * DAY_MS;
  const seconds = 9 * 3600 + rng.int(8 * 3600);
  const micro = rng.int(1000000);
  const iso = new Date(day + seconds * 1000).toISOString().slice(0, 19);
  return {
    date: isoDate(day),
    start: `${iso}.${String(micro).padStart(6, '0')}`
  };
}

/** Naive ISO time `seconds` after `start` (both lab local time). */
export function addSeconds(start: string, seconds: number): string {
  const ms = Date.parse(start.slice(0, 19) + 'Z') + Math.round(seconds * 1000);
  return new Date(ms).toISOString().slice(0, 19);
}
