/**
 * What --modalities, --raw, --video and --split choose, derived from the catalogue alone
 * (contract 8), with the behaviour the hand-picked lists had: electrodes alone when raw
 * ephys goes without spike sorting, the raw file always with electrodes, --raw as a group.
 */
import { describe, expect, it } from 'vitest';

import { CATALOGUE, type Catalogue } from '../../../src/convert/catalogue';
import { planConversion } from '../../../src/convert/plan';
import { rawEphysInterface } from '../../../src/convert/interfaces/rawEphys';

const PROCESSED = [
  'trials',
  'wheel',
  'licks',
  'spike_sorting',
  'localization',
  'pose',
  'pupil',
  'motion_energy',
  'passive'
];

const RAW_EPHYS = ['raw_ephys', 'raw_ephys_lf', 'sync'];

const names = (options: Parameters<typeof planConversion>[1], c = CATALOGUE) =>
  planConversion(c, options).interfaces.map(i => i.name);

describe('the catalogue', () => {
  it('lists each modality once; processed ones are asked for by name, raw ones by a switch or nothing', () => {
    const all = CATALOGUE.map(e => e.modality.name);
    expect(new Set(all).size).toBe(all.length);
    for (const { modality, askedBy } of CATALOGUE) {
      expect(modality.kind === 'processed', modality.name).toBe(
        askedBy === 'modalities'
      );
    }
    expect(all).toEqual([
      'trials',
      'wheel',
      'licks',
      'spike_sorting',
      'electrodes',
      ...PROCESSED.slice(4),
      ...RAW_EPHYS,
      'video'
    ]);
  });
});

describe('planConversion', () => {
  it('runs every processed modality by default, and nothing raw', () => {
    expect(names({})).toEqual(PROCESSED);
    expect(planConversion(CATALOGUE, {})).toMatchObject({
      required: [],
      requiredAny: []
    });
  });

  it('adds raw ephys after spike sorting, which writes its electrodes', () => {
    expect(names({ raw: true })).toEqual([...PROCESSED, ...RAW_EPHYS]);
    expect(planConversion(CATALOGUE, { raw: true }).requiredAny).toEqual([
      RAW_EPHYS
    ]);
  });

  it('writes the electrodes alone when raw ephys goes without spike sorting', () => {
    const plan = planConversion(CATALOGUE, {
      raw: true,
      video: true,
      modalities: ['trials']
    });
    expect(plan.interfaces.map(i => i.name)).toEqual([
      'trials',
      'electrodes',
      ...RAW_EPHYS,
      'video'
    ]);
    expect(plan.required).toEqual(['trials']);
    expect(plan.requiredAny).toEqual([RAW_EPHYS, ['video']]);
    // Localization refers to the electrodes too: written alone before it.
    expect(names({ modalities: ['localization', 'trials'] })).toEqual([
      'trials',
      'electrodes',
      'localization'
    ]);
  });

  it('splits like the release: processed modalities alone, and electrodes with the raw data', () => {
    const options = { raw: true, video: true, modalities: ['wheel'] };
    const processed = planConversion(CATALOGUE, {
      ...options,
      file: 'processed'
    });
    expect(processed.interfaces.map(i => i.name)).toEqual(['wheel']);
    expect(processed).toMatchObject({ required: ['wheel'], requiredAny: [] });
    const raw = planConversion(CATALOGUE, { ...options, file: 'raw' });
    expect(raw.interfaces.map(i => i.name)).toEqual([
      'electrodes',
      ...RAW_EPHYS,
      'video'
    ]);
    expect(raw).toMatchObject({
      required: [],
      requiredAny: [RAW_EPHYS, ['video']]
    });
    // Without --modalities the raw file has the localization too, as the release's.
    expect(names({ raw: true, file: 'raw' })).toEqual([
      'electrodes',
      'localization',
      ...RAW_EPHYS
    ]);
  });

  it('refuses a name the catalogue does not have, naming the choices', () => {
    expect(() => planConversion(CATALOGUE, { modalities: ['trails'] })).toThrow(
      `unknown modality trails; choose from ${PROCESSED.join(', ')}`
    );
    // Raw modalities are asked for by their switch, not by name.
    expect(() =>
      planConversion(CATALOGUE, { modalities: ['raw_ephys'] })
    ).toThrow(/unknown modality raw_ephys/);
  });

  it('asks --raw for every raw ephys modality of the catalogue, as one group', () => {
    const toy = { ...rawEphysInterface, name: 'raw_toy' };
    const catalogue: Catalogue = [
      ...CATALOGUE,
      { modality: toy, askedBy: 'raw', dandi: 'ecephys' }
    ];
    expect(names({ raw: true, modalities: ['trials'] }, catalogue)).toEqual([
      'trials',
      'electrodes',
      ...RAW_EPHYS,
      'raw_toy'
    ]);
    expect(planConversion(catalogue, { raw: true }).requiredAny).toEqual([
      [...RAW_EPHYS, 'raw_toy']
    ]);
  });
});
