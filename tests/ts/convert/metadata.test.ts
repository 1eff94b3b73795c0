import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  IAlyxLab,
  IAlyxRecords,
  MetadataError,
  metadataFromAlyx,
  metadataProblems,
  parseMetadata
} from '../../../src/convert/metadata';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures');

/** The real labs REST response recorded by ONE (mainenlab, Europe/Lisbon). */
function mainenlab(): IAlyxLab {
  const path = join(
    SHARED,
    'ONE/one/tests/fixtures/rest_responses/3f51aa2e0baa42438467906f56a457c91a221898'
  );
  const [response] = JSON.parse(readFileSync(path, 'utf8'));
  return response.results[0];
}

function records(): IAlyxRecords {
  return {
    alyx: 'https://openalyx.internationalbrainlab.org',
    lab: mainenlab(),
    session: {
      id: 'd3372b15-f696-4279-9be5-98f15783b5bb',
      subject: 'ZFM-01935',
      start_time: '2021-07-07T10:04:35.420000',
      end_time: '2021-07-07T11:30:02',
      lab: 'mainenlab',
      users: ['ines', 'nate'],
      projects: ['ibl_neuropixel_brainwide_01'],
      procedures: [
        'Behavior training/tasks',
        'Ephys recording with acute probe(s)'
      ],
      task_protocol: '_iblrig_tasks_ephysChoiceWorld6.4.2',
      number: 1,
      location: '_iblrig_mainenlab_ephys_0',
      narrative: 'auto-generated session',
      n_trials: 612,
      n_correct_trials: 503,
      qc: 'PASS',
      extended_qc: {
        task: 0.97,
        _task_goCue_delays: 0.99,
        behavior: 1,
        videoLeft: 'PASS',
        nested: { a: 1 }
      },
      notes: [{ text: 'Mouse licked a lot' }],
      probe_insertion: [
        { id: 'pid-00', name: 'probe00', model: '3B2', serial: '19051010091' },
        { id: 'pid-01', name: 'probe01', model: '3B2', serial: null }
      ]
    },
    subject: {
      id: 'subject-uuid',
      nickname: 'ZFM-01935',
      sex: 'M',
      species: 'Laboratory mouse',
      strain: 'C57BL/6J',
      birth_date: '2021-02-01',
      genotype: [],
      reference_weight: 25.3
    },
    trajectories: [
      {
        probe_insertion: 'pid-00',
        provenance: 'Micro-manipulator',
        x: -2243,
        y: -2000,
        z: -232,
        depth: 4000,
        theta: 15,
        phi: 180,
        roll: 0
      }
    ]
  };
}

describe('metadataFromAlyx', () => {
  const meta = metadataFromAlyx(records(), new Date('2026-01-01T00:00:00Z'));

  it('localises the session start with the lab time zone', () => {
    expect(meta.NWBFile.session_start_time).toBe(
      '2021-07-07T10:04:35.420000+01:00'
    );
    expect(meta.Ibl.end_time).toBe('2021-07-07T11:30:02+01:00');
    expect(meta.NWBFile.institution).toBe(
      'Champalimaud Centre for the Unknown'
    );
  });

  it('keeps what the DANDI release drops', () => {
    expect(meta.NWBFile.experimenter).toEqual(['ines', 'nate']);
    expect(meta.NWBFile.experiment_description).toBe(
      'ibl_neuropixel_brainwide_01'
    );
    expect(meta.NWBFile.keywords).toContain('ibl_neuropixel_brainwide_01');
    expect(meta.NWBFile.notes).toBe('Mouse licked a lot');
    expect(meta.Subject.strain).toBe('C57BL/6J');
    expect(meta.Subject.age).toBe('P156D');
    expect(meta.Ibl.session_number).toBe(1);
    expect(meta.Ibl.extended_qc).toEqual({
      task: 0.97,
      _task_goCue_delays: 0.99,
      behavior: 1,
      videoLeft: 'PASS'
    });
  });

  it('maps Alyx vocabulary to NWB vocabulary', () => {
    expect(meta.Subject.species).toBe('Mus musculus');
    expect(meta.Subject.weight).toBe('0.0253 kg');
    expect(meta.Subject.sex).toBe('M');
    // The Alyx placeholder narrative is replaced by a description built from facts.
    expect(meta.NWBFile.session_description).toContain(
      '_iblrig_tasks_ephysChoiceWorld6.4.2'
    );
    expect(meta.NWBFile.session_description).toContain('ZFM-01935');
  });

  it('keeps probes and their trajectories', () => {
    expect(meta.Probes.map(p => p.name)).toEqual(['probe00', 'probe01']);
    expect(meta.Probes[0].serial).toBe('19051010091');
    expect(meta.Probes[1].serial).toBeUndefined();
    expect(meta.Probes[0].trajectories[0]).toMatchObject({
      x: -2243,
      depth: 4000,
      roll: 0
    });
    expect(meta.Probes[1].trajectories).toEqual([]);
  });

  it('produces a document that passes its own schema', () => {
    expect(metadataProblems(meta)).toEqual([]);
  });

  it('leaves out what Alyx does not give and the schema says what is missing', () => {
    const bare = metadataFromAlyx({
      session: {
        id: 'eid',
        subject: 'KS055',
        start_time: '2021-05-10T13:47:23'
      }
    });
    expect(bare.Subject).toEqual({ subject_id: 'KS055', sex: 'U' });
    expect(bare.NWBFile.institution).toBeUndefined();
    const problems = metadataProblems(bare);
    // The start time, and what only the subject's record gives (never invented).
    expect(problems.map(p => p.path)).toEqual([
      '/NWBFile/session_start_time',
      '/Subject/species',
      '/Subject/date_of_birth'
    ]);
    expect(problems[0].message).toContain('UTC offset');
  });
});

describe('parseMetadata', () => {
  const text = () => JSON.stringify(metadataFromAlyx(records()), null, 2);

  it('accepts a saved document and honours hand edits', () => {
    const edited = JSON.parse(text());
    edited.NWBFile.session_description = 'Edited by hand';
    edited.Subject.weight = '0.031 kg';
    const meta = parseMetadata(JSON.stringify(edited), 'meta.json');
    expect(meta.NWBFile.session_description).toBe('Edited by hand');
    expect(meta.Subject.weight).toBe('0.031 kg');
  });

  it('names the JSON path and the rule of every invalid edit', () => {
    const edited = JSON.parse(text());
    edited.Subject.weight = 'heavy';
    edited.Subject.sex = 'male';
    delete edited.NWBFile.session_description;
    edited.NWBFile.sesion_id = 'typo';
    let error: MetadataError | undefined;
    try {
      parseMetadata(JSON.stringify(edited), 'meta.json');
    } catch (e) {
      error = e as MetadataError;
    }
    expect(error).toBeInstanceOf(MetadataError);
    const byPath = Object.fromEntries(
      error!.problems.map(p => [p.path, p.message])
    );
    expect(byPath['/Subject/weight']).toContain('0.0253 kg');
    expect(byPath['/Subject/sex']).toContain('"M"');
    expect(byPath['/NWBFile/session_description']).toBe('is required');
    expect(byPath['/NWBFile/sesion_id']).toContain('not a known field');
    expect(error!.message).toContain('meta.json');
  });

  it('reports JSON syntax errors with the file name', () => {
    expect(() => parseMetadata('{"NWBFile": ', 'meta.json')).toThrow(
      /meta\.json is not valid: the file is not valid JSON/
    );
  });
});
