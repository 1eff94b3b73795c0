/**
 * Raw LF-band ephys per probe → `/acquisition/ElectricalSeriesProbe00LF`, the
 * release's name: 2.5 kHz, int16, LF gains from the `.meta`, the same
 * electrodes rows as AP, and the AP alignment points scaled to LF samples
 * (as the release's `samples2times(…, fs=2500)`). Streamed from mtscomp like
 * AP (rawBand.ts).
 */
import { AP_SAMPLES_PER_LF_SAMPLE, rawBandInterface } from './rawBand';

export const rawEphysLfInterface = rawBandInterface({
  band: 'lf',
  suffix: 'LF',
  apSamplesPerSample: AP_SAMPLES_PER_LF_SAMPLE,
  nominalRate: 2500,
  name: 'raw_ephys_lf',
  title: 'Raw ephys (LF band, streamed from mtscomp)',
  words: 'LF band'
});
