import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CorruptFileError } from '../../../src/one/errors';
import { parseSpikeGlxMeta, ProbeType } from '../../../src/one/spikeglx';

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const NP = `${FIX}/ibl-neuropixel/src/tests/fixtures`;

function meta(path: string) {
  return parseSpikeGlxMeta(readFileSync(path, 'utf8'), path);
}

describe('SpikeGLX .meta', () => {
  it.each<[string, ProbeType, 'ap' | 'lf' | 'nidq']>([
    ['sample3A_g0_t0.imec.ap.meta', '3A', 'ap'],
    ['sample3A_g0_t0.imec.lf.meta', '3A', 'lf'],
    ['sample3B_g0_t0.imec1.ap.meta', '3B2', 'ap'],
    ['sample3B_g0_t0.imec1.lf.meta', '3B2', 'lf'],
    ['sample3B_g0_t0.nidq.meta', 'nidq', 'nidq'],
    ['sampleNP2.1_g0_t0.imec.ap.meta', 'NP2.1', 'ap'],
    ['sampleNP2.4_4shanks_g0_t0.imec.ap.meta', 'NP2.4', 'ap'],
    ['sampleNPultra_g0_t0.imec0.ap.meta', 'NPultra', 'ap'],
    ['sampleNP2QB.imec.ap.meta', 'NP2QB', 'ap'],
    ['sampleNHPlong_prototype.ap.meta', 'NHP', 'ap']
  ])('%s is a %s %s file', (name, probe, band) => {
    const m = meta(`${NP}/${name}`);
    expect(m.probeType).toBe(probe);
    expect(m.band).toBe(band);
    expect(m.savedChannels).toHaveLength(m.nSavedChans);
    expect(m.conversionFactors).toHaveLength(m.nSavedChans);
    expect(m.channelMap).toHaveLength(m.nSavedChans);
  });

  it('computes the volts-per-bit factors of the reference note §13.3', () => {
    const ap = meta(`${NP}/sample3B_g0_t0.imec1.ap.meta`);
    expect(ap.conversionFactors[0]).toBeCloseTo(0.6 / 512 / 500, 15);
    expect(ap.conversionFactors[384]).toBe(1); // sync channel
    const lf = meta(`${NP}/sample3B_g0_t0.imec1.lf.meta`);
    expect(lf.conversionFactors[0]).toBeCloseTo(0.6 / 512 / 250, 15);
    const np2 = meta(`${NP}/sampleNP2.4_1shank_g0_t0.imec.ap.meta`);
    expect(np2.raw.imDatPrb_pn).toBe('NP2010');
    expect(np2.conversionFactors[0]).toBeCloseTo(0.5 / 8192 / 80, 15);
    const nidq = meta(`${NP}/sample3B_g0_t0.nidq.meta`);
    expect(nidq.conversionFactors.every(f => f > 0)).toBe(true);
  });

  it('handles CRLF, ~ keys, trailing whitespace and empty values', () => {
    const m = meta(`${NP}/sample3B_g0_t0.imec1.ap.meta`);
    expect(m.raw.imDatBsc_pn).toBe('NP2_QBSC_00');
    expect(m.raw.imroTbl.startsWith('(')).toBe(true);
    expect(m.sampleRate).toBeCloseTo(30000.390639481, 9);
    expect(m.serialNumber).toBe('18005116811');
    const crlf =
      'nSavedChans=3\r\nimSampRate=2500\r\n~snsShankMap=(1,2,480)(0:0:0:1)(0:1:0:0)\r\nuserNotes=\r\n';
    const parsed = parseSpikeGlxMeta(crlf, 'x.meta');
    expect(parsed.raw.userNotes).toBe('');
    expect(parsed.sites).toEqual([
      { shank: 0, col: 0, row: 0, used: true },
      { shank: 0, col: 1, row: 0, used: false }
    ]);
  });

  it('reads geometry from snsGeomMap and the sample count of the generated file', () => {
    const qb = meta(`${NP}/sampleNP2QB.imec.ap.meta`);
    expect(new Set(qb.sites.map(s => s.shank))).toEqual(new Set([0, 1, 2, 3]));
    expect(qb.sites.every(s => s.x !== undefined && s.y !== undefined)).toBe(
      true
    );
    const gen = meta(`${FIX}/generated-mtscomp/spikeglx_like_385ch.ap.meta`);
    expect(gen.nSamples).toBe(600);
  });

  it('refuses text that is not a meta file', () => {
    expect(() => parseSpikeGlxMeta('hello world', 'x.meta')).toThrow(
      CorruptFileError
    );
  });
});
