import { describe, expect, it } from 'vitest';

import { dandiName } from '../../src/cli/batchPlan';
import type { IModalityAvailability } from '../../src/convert/modalityInfo';
import {
  defaultOutput,
  metadataTarget,
  sessionFolderTarget
} from '../../src/conversionTarget';
import { dandiOutputName } from '../../src/sidebar/convert/convertOptions';

describe('Convert to NWB… targets', () => {
  it('recognises ALF session folders and their cache', () => {
    expect(
      sessionFolderTarget('data/ONE/cortexlab/Subjects/KS074/2021-11-17/1')
    ).toEqual({
      cacheDir: 'data/ONE',
      eid: 'KS074/2021-11-17/001',
      subject: 'KS074',
      session: '2021-11-17-001'
    });
    expect(
      sessionFolderTarget('mainenlab/Subjects/ZFM_01315/2022-05-17/001/')
        ?.cacheDir
    ).toBe('.');
    for (const other of [
      'data/ONE',
      'lab/Subjects/KS074',
      'lab/Subjects/KS074/2021-11-17/001/alf',
      'a/b/c/d/e'
    ]) {
      expect(sessionFolderTarget(other)).toBeNull();
    }
  });

  it('reads the session of a metadata document', () => {
    const text = JSON.stringify({
      Ibl: { eid: 'abc' },
      Subject: { subject_id: 'KS074' }
    });
    expect(metadataTarget('nwb/m.json', text, 'ONE')).toEqual({
      eid: 'abc',
      cacheDir: 'ONE',
      subject: 'KS074',
      session: 'abc',
      metadata: 'nwb/m.json'
    });
    expect(metadataTarget('x.json', '{"a": 1}', '')).toMatch(
      /not an NWB metadata document/
    );
    expect(metadataTarget('x.json', '{', '')).toMatch(/not JSON/);
  });

  it('names outputs DANDI-style without underscores in entities', () => {
    const target = sessionFolderTarget('l/Subjects/NYU_39/2021-01-01/002')!;
    expect(defaultOutput(target, 'nwb/')).toBe(
      'nwb/sub-NYU-39/sub-NYU-39_ses-2021-01-01-002_desc-processed_behavior+ecephys.nwb'
    );
  });

  it('names a session folder by its eid and written kinds once info gave them, as the sidebar does', () => {
    const target = sessionFolderTarget('l/Subjects/NYU_39/2021-01-01/002')!;
    const interfaces = [
      { name: 'trials', available: true, dandi: 'behavior' },
      { name: 'spike_sorting', available: false, dandi: 'ecephys' },
      { name: 'video', available: true, dandi: 'image', askedBy: 'video' }
    ].map(i => ({
      title: i.name,
      kind: 'processed' as const,
      reason: '',
      askedBy: 'modalities' as const,
      ...i
    })) as IModalityAvailability[];
    const eid = '4ecb5d24-f5cc-402c-be28-9d0f7cb14b3a';
    expect(defaultOutput(target, 'nwb', interfaces, eid)).toBe(
      `nwb/sub-NYU-39/sub-NYU-39_ses-${eid}_desc-processed_behavior.nwb`
    );
    expect(defaultOutput(target, 'nwb', interfaces, eid)).toBe(
      `nwb/${dandiOutputName('NYU_39', eid, ['trials'], interfaces)}`
    );
    // `ibl2nwb batch` follows the same rule (its kinds fixed, as it names before converting).
    expect(dandiName('NYU_39', eid)).toBe(
      `sub-NYU-39/sub-NYU-39_ses-${eid}_desc-processed_behavior+ecephys.nwb`
    );
  });
});
