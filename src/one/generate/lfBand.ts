/**
 * The LF band of a generated probe: its SpikeGLX `.meta` derived from the AP
 * template as SpikeGLX writes the companion `.lf.meta` of a Neuropixels 1.0
 * probe (same probe and gains table, 1/12 of the AP rate, the 384 LF channels
 * + sync saved), and a slow signal to fill it.
 */
import { N_CHANNELS } from './atlas';
import { metaSampleRate, patchMeta } from './spikeglx';
import { Rng } from './rng';

/** Neuropixels 1.0: one LF sample per 12 AP samples, on the same clock. */
export const AP_PER_LF = 12;
const N_SAVED = N_CHANNELS + 1;

/** The `.lf.meta` template of a probe whose AP `.meta` is `apTemplate`. */
export function lfMetaTemplate(apTemplate: string): string {
  const lfChannels = Array.from(
    { length: N_CHANNELS },
    (_, c) => `(LF${c};${N_CHANNELS + c}:${N_CHANNELS + c})`
  ).join('');
  const sync = 2 * N_CHANNELS;
  return patchMeta(apTemplate, {
    imSampRate: metaSampleRate(apTemplate) / AP_PER_LF,
    snsApLfSy: `0,${N_CHANNELS},1`,
    snsSaveChanSubset: `${N_CHANNELS}:${sync}`,
    '~snsChanMap': `(${N_CHANNELS},${N_CHANNELS},1)${lfChannels}(SY0;${sync}:${sync})`
  });
}

/** Slow field potentials (an 8 Hz rhythm whose phase drifts with depth, plus AR(1) noise) and the sync channel. */
export function synthesiseLf(
  rng: Rng,
  nSamples: number,
  fs: number
): Int16Array {
  const raw = new Int16Array(nSamples * N_SAVED);
  const state = new Float64Array(N_CHANNELS);
  for (let s = 0; s < nSamples; s++) {
    const t = s / fs;
    for (let c = 0; c < N_CHANNELS; c++) {
      state[c] = 0.9 * state[c] + rng.normal(0, 6);
      const rhythm = 40 * Math.sin(2 * Math.PI * 8 * t + c / 60);
      raw[s * N_SAVED + c] = Math.round(state[c] + rhythm);
    }
    raw[s * N_SAVED + N_CHANNELS] = s < nSamples / 2 ? 0 : 1;
  }
  return raw;
}
