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
  'pose',
  'pupil',
  'motion_energy',
  'passive'
];

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
    expect(all).toEqual([...PROCESSED, 'electrodes', 'raw_ephys', 'video']);
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
    expect(names({ raw: true })).toEqual([...PROCESSED, 'raw_ephys']);
    expect(planConversion(CATALOGUE, { raw: true }).requiredAny).toEqual([
      ['raw_ephys']
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
      'raw_ephys',
      'video'
    ]);
    expect(plan.required).toEqual(['trials']);
    expect(plan.requiredAny).toEqual([['raw_ephys'], ['video']]);
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
      'raw_ephys',
      'video'
    ]);
    expect(raw).toMatchObject({
      required: [],
      requiredAny: [['raw_ephys'], ['video']]
    });
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
    const lf = { ...rawEphysInterface, name: 'raw_ephys_lf' };
    const catalogue: Catalogue = [
      ...CATALOGUE,
      { modality: lf, askedBy: 'raw', dandi: 'ecephys' }
    ];
    expect(names({ raw: true, modalities: ['trials'] }, catalogue)).toEqual([
      'trials',
      'electrodes',
      'raw_ephys',
      'raw_ephys_lf'
    ]);
    expect(planConversion(catalogue, { raw: true }).requiredAny).toEqual([
      ['raw_ephys', 'raw_ephys_lf']
    ]);
  });
});
