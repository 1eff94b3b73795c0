/**
 * Raw AP-band ephys per probe → `/acquisition/ElectricalSeriesProbe00AP`,
 * streamed from mtscomp (see rawBand.ts, shared with the LF band).
 */
import { rawBandInterface } from './rawBand';

export const rawEphysInterface = rawBandInterface({
  band: 'ap',
  suffix: 'AP',
  apSamplesPerSample: 1,
  nominalRate: 30000,
  name: 'raw_ephys',
  title: 'Raw ephys (AP band, streamed from mtscomp)',
  words: 'AP band'
});
