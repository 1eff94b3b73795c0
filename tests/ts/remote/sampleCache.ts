/**
 * A small ONE cache folder for the remote tests: three sessions with real ALF
 * names, a revision folder, a probe collection and one larger raw file (for
 * resume and cancellation), plus `sessions.pqt` / `datasets.pqt` written in
 * the current table format (string UUIDs).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { parquetWriteBuffer } from 'hyparquet-writer';

export interface ISampleDataset {
  eid: string;
  id: string;
  relPath: string;
  bytes: Uint8Array;
  md5: string;
  defaultRevision: boolean;
  qc: string;
}

export interface ISampleSession {
  eid: string;
  lab: string;
  subject: string;
  date: string;
  number: number;
  taskProtocol: string;
  projects: string;
}

export const SESSIONS: ISampleSession[] = [
  {
    eid: '4ecb5d24-f5cc-402c-be28-9d0f7cb14b3a',
    lab: 'hoferlab',
    subject: 'SWC_043',
    date: '2020-09-21',
    number: 1,
    taskProtocol: '_iblrig_tasks_ephysChoiceWorld6.4.2',
    projects: 'ibl_neuropixel_brainwide_01'
  },
  {
    eid: 'aad23144-0e52-4eac-80c5-c4ee2decb198',
    lab: 'cortexlab',
    subject: 'KS023',
    date: '2019-12-10',
    number: 1,
    taskProtocol: '_iblrig_tasks_biasedChoiceWorld6.0.0',
    projects: 'ibl_neuropixel_brainwide_01,ibl_behaviour'
  },
  {
    eid: 'c7bd79c9-c47e-4ea5-aea3-74dda991b48e',
    lab: 'zadorlab',
    subject: 'CSH_ZAD_029',
    date: '2020-09-19',
    number: 1,
    taskProtocol: '_iblrig_tasks_ephysChoiceWorld6.4.2',
    projects: 'ibl_neuropixel_brainwide_01'
  }
];

/** A little-endian float64 `.npy` file. */
function npyFloat64(values: number[]): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + values.length * 8);
  out.set([
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
    header.length & 0xff,
    header.length >> 8
  ]);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return out;
}

/** Deterministic pseudo-random bytes. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function uuid(seed: string): string {
  const h = createHash('md5').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Size of the raw file used for resume / cancellation tests. */
export const RAW_BYTES = 600_000;

export function sampleDatasets(): ISampleDataset[] {
  const out: ISampleDataset[] = [];
  const add = (
    eid: string,
    relPath: string,
    bytes: Uint8Array,
    defaultRevision = true,
    qc = 'PASS'
  ) =>
    out.push({
      eid,
      id: uuid(`${eid}/${relPath}`),
      relPath,
      bytes,
      md5: createHash('md5').update(bytes).digest('hex'),
      defaultRevision,
      qc
    });
  SESSIONS.forEach((s, k) => {
    const times = Array.from({ length: 50 + k }, (_, i) => i * 1.5 + k);
    add(s.eid, 'alf/_ibl_trials.stimOn_times.npy', npyFloat64(times));
    add(
      s.eid,
      'alf/_ibl_trials.intervals.npy',
      npyFloat64(times.flatMap(t => [t, t + 1])),
      k !== 0
    );
    if (k === 0) {
      add(
        s.eid,
        'alf/#2024-05-06#/_ibl_trials.intervals.npy',
        npyFloat64(times.flatMap(t => [t, t + 1.1]))
      );
      add(
        s.eid,
        'alf/probe00/pykilosort/spikes.times.npy',
        npyFloat64(times.map(t => t / 3))
      );
      add(
        s.eid,
        'raw_ephys_data/probe00/_spikeglx_ephysData_g0_t0.imec0.ap.cbin',
        noise(RAW_BYTES, 7)
      );
    }
    if (k === 1) {
      add(
        s.eid,
        'alf/_ibl_wheel.position.npy',
        npyFloat64(times.map(Math.sin)),
        true,
        'CRITICAL'
      );
    }
  });
  return out;
}

/** Write the folder: ALF files under `lab/Subjects/…` and the two cache tables. */
export function writeSampleCache(root: string): {
  sessions: ISampleSession[];
  datasets: ISampleDataset[];
} {
  const datasets = sampleDatasets();
  for (const d of datasets) {
    const s = SESSIONS.find(x => x.eid === d.eid)!;
    const file = join(
      root,
      s.lab,
      'Subjects',
      s.subject,
      s.date,
      String(s.number).padStart(3, '0'),
      d.relPath
    );
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, d.bytes);
  }
  const col = <T>(name: string, data: T[], type: string) => ({
    name,
    data,
    type: type as any
  });
  writeFileSync(
    join(root, 'sessions.pqt'),
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          col(
            'id',
            SESSIONS.map(s => s.eid),
            'STRING'
          ),
          col(
            'lab',
            SESSIONS.map(s => s.lab),
            'STRING'
          ),
          col(
            'subject',
            SESSIONS.map(s => s.subject),
            'STRING'
          ),
          col(
            'date',
            SESSIONS.map(s => s.date),
            'STRING'
          ),
          col(
            'number',
            SESSIONS.map(s => s.number),
            'INT32'
          ),
          col(
            'task_protocol',
            SESSIONS.map(s => s.taskProtocol),
            'STRING'
          ),
          col(
            'projects',
            SESSIONS.map(s => s.projects),
            'STRING'
          )
        ]
      })
    )
  );
  writeFileSync(
    join(root, 'datasets.pqt'),
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          col(
            'eid',
            datasets.map(d => d.eid),
            'STRING'
          ),
          col(
            'id',
            datasets.map(d => d.id),
            'STRING'
          ),
          col(
            'rel_path',
            datasets.map(d => d.relPath),
            'STRING'
          ),
          col(
            'file_size',
            datasets.map(d => BigInt(d.bytes.length)),
            'INT64'
          ),
          col(
            'hash',
            datasets.map(d => d.md5),
            'STRING'
          ),
          col(
            'exists',
            datasets.map(() => true),
            'BOOLEAN'
          ),
          col(
            'qc',
            datasets.map(d => d.qc),
            'STRING'
          ),
          col(
            'default_revision',
            datasets.map(d => d.defaultRevision),
            'BOOLEAN'
          )
        ]
      })
    )
  );
  return { sessions: SESSIONS, datasets };
}
