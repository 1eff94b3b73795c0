/**
 * The batch workspace's rules: shared defaults replace only the fields they set,
 * each session converts the shared choice minus what it cannot give, and its file
 * follows DANDI 000409's layout (written out here by hand, not by our helper).
 */
import { describe, expect, it } from 'vitest';

import type { INwbMetadata } from '../../../src/convert/metadata/document';
import type { IModalityAvailability } from '../../../src/convert/modalityInfo';
import {
  batchModalityChoices,
  batchOutputPath,
  EMPTY_DEFAULTS,
  sessionModalities,
  withSharedDefaults
} from '../../../src/workspace/batchPlan';

const EID = '2b7095e9-77a5-4f93-95f7-e22949bffc4e';

function modality(
  name: string,
  available: boolean,
  dandi: IModalityAvailability['dandi']
): IModalityAvailability {
  return {
    name,
    title: name,
    kind: 'processed' as IModalityAvailability['kind'],
    available,
    reason: available ? 'has its datasets' : 'no datasets',
    askedBy: 'modalities',
    dandi
  };
}

const document = {
  schema_version: 1,
  source: { created: '2026-01-01' },
  NWBFile: {
    identifier: 'x',
    session_id: EID,
    session_description: 'A session.',
    session_start_time: '2021-11-17T10:31:12+00:00',
    experimenter: ['Alyx, User'],
    keywords: ['IBL'],
    institution: 'UCL',
    lab: 'cortexlab',
    related_publications: []
  },
  Subject: { subject_id: 'KS074', sex: 'M' },
  Probes: [],
  Ibl: { eid: EID, projects: [], extended_qc: {}, revisions: {} }
} as unknown as INwbMetadata;

describe('withSharedDefaults', () => {
  it('sets the fields the batch gives and keeps the session’s others', () => {
    const merged = withSharedDefaults(document, {
      ...EMPTY_DEFAULTS,
      experimenter: 'Doe, Jane;  Roe, Rick ;',
      lab: ' mainenlab ',
      keywords: ''
    });
    // People are "Last, First" (NWB's form): ';' separates them, a comma does not.
    expect(merged.NWBFile.experimenter).toEqual(['Doe, Jane', 'Roe, Rick']);
    expect(merged.NWBFile.lab).toBe('mainenlab');
    expect(merged.NWBFile.institution).toBe('UCL');
    expect(merged.NWBFile.keywords).toEqual(['IBL']);
    expect(merged.NWBFile.session_description).toBe('A session.');
    // The session's own document is not changed (it is the draft of another view).
    expect(document.NWBFile.lab).toBe('cortexlab');
  });

  it('with no defaults gives the same document', () => {
    expect(withSharedDefaults(document, EMPTY_DEFAULTS)).toEqual(document);
  });
});

describe('modalities and names', () => {
  const a = [
    modality('trials', true, 'behavior'),
    modality('spikes', true, 'ecephys'),
    modality('pupil', false, 'behavior')
  ];
  const b = [
    modality('trials', true, 'behavior'),
    modality('spikes', false, 'ecephys'),
    modality('pupil', true, 'behavior')
  ];

  it('offers every modality some session has, available if any session has it', () => {
    const choices = batchModalityChoices([a, b]);
    expect(choices.map(c => [c.name, c.available])).toEqual([
      ['trials', true],
      ['spikes', true],
      ['pupil', true]
    ]);
  });

  it('converts in each session only the chosen ones it can give', () => {
    expect(sessionModalities(a, ['spikes', 'pupil'])).toEqual(['spikes']);
    expect(sessionModalities(b, ['spikes', 'pupil'])).toEqual(['pupil']);
  });

  it('names each file by DANDI 000409’s rule', () => {
    expect(batchOutputPath('nwb/', 'KS074', EID, ['trials', 'spikes'], a)).toBe(
      `nwb/sub-KS074/sub-KS074_ses-${EID}_desc-processed_behavior+ecephys.nwb`
    );
    expect(batchOutputPath('', 'ZFM_01', EID, ['pupil'], b)).toBe(
      `sub-ZFM-01/sub-ZFM-01_ses-${EID}_desc-processed_behavior.nwb`
    );
  });
});
