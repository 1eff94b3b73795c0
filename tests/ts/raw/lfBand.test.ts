import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { lfMetaTemplate } from '../../../src/one/generate/lfBand';
import { NP1_META } from '../../../src/one/generate/spikeglx';
import { parseSpikeGlxMeta } from '../../../src/one/spikeglx';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, FIXTURES), 'latin1');

describe("the generator's LF .meta", () => {
  const ap = read(NP1_META);
  const lf = parseSpikeGlxMeta(lfMetaTemplate(ap), 'lf.meta');
  // A real SpikeGLX LF meta of a 3B probe, for the fields that make it an LF file.
  const real = parseSpikeGlxMeta(
    read('ibl-neuropixel/src/tests/fixtures/sample3B_g0_t0.imec1.lf.meta'),
    'real.lf.meta'
  );

  it('reads as an LF band like a real one: 385 saved channels, LF + sync', () => {
    expect(lf.band).toBe('lf');
    expect(real.band).toBe('lf');
    expect(lf.apLfSy).toEqual(real.apLfSy);
    expect(lf.savedChannels).toEqual(real.savedChannels);
    expect(lf.channelMap.map(c => c.name)).toEqual(
      real.channelMap.map(c => c.name)
    );
  });

  it('samples at 1/12 of the AP rate, with the LF gain (250) of the imro table', () => {
    const apMeta = parseSpikeGlxMeta(ap, 'ap.meta');
    expect(lf.sampleRate * 12).toBeCloseTo(apMeta.sampleRate, 9);
    expect(lf.conversionFactors.slice(0, 384)).toEqual(
      Array(384).fill(0.6 / 512 / 250)
    );
    expect(lf.conversionFactors[384]).toBe(1); // sync word
    expect(apMeta.conversionFactors[0]).toBe(0.6 / 512 / 500);
  });
});
