/**
 * Raw ephys for one probe: a short AP-band excerpt compressed with mtscomp, and
 * the SpikeGLX `.meta` copied from a real IBL Neuropixels 1.0 (3B2) recording in
 * the fixtures, with size, duration and SHA-1 updated to match the excerpt.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

import { IChannels, N_CHANNELS } from './atlas';
import { GeneratorError } from './errors';
import { IMtscompResult, mtscompCompress } from './mtscomp';
import { Rng } from './rng';
import { IClusters } from './spikes';

/** Relative to the fixtures folder: a real IBL 3B2 AP meta (CRLF line endings). */
export const NP1_META =
  'ibl-neuropixel/src/tests/fixtures/np2split/NP1_meta/_spikeglx_ephysData_g0_t0.imec0.ap.meta';
const N_SAVED = N_CHANNELS + 1; // 384 AP channels + the sync channel
const NP1_AP_VOLTS_PER_BIT = 0.6 / 512 / 500;

export function readMetaTemplate(path: string): string {
  if (!fs.existsSync(path)) {
    throw new GeneratorError(
      path,
      'the SpikeGLX .meta template is missing',
      'pass --fixtures pointing at shared/fixtures'
    );
  }
  return fs.readFileSync(path, 'latin1');
}

/** The sample rate written in the template (`imSampRate`). */
export function metaSampleRate(meta: string): number {
  const m = /^imSampRate=([0-9.]+)\s*$/m.exec(meta);
  if (!m) {
    throw new GeneratorError(
      'SpikeGLX .meta',
      'no imSampRate line',
      'use an imec AP .meta file'
    );
  }
  return Number(m[1]);
}

/** Replace `key=value` lines, keeping the file's line endings. */
export function patchMeta(
  meta: string,
  values: Record<string, string | number>
): string {
  let out = meta;
  for (const [key, value] of Object.entries(values)) {
    const re = new RegExp(`^${key}=[^\\r\\n]*`, 'm');
    if (!re.test(out)) {
      throw new GeneratorError(
        'SpikeGLX .meta',
        `no ${key} line`,
        'use an imec AP .meta file'
      );
    }
    out = out.replace(re, `${key}=${value}`);
  }
  return out;
}

/** Noise with spikes of the probe's clusters, plus a toggling sync channel. */
export function synthesiseAp(
  rng: Rng,
  channels: IChannels,
  clusters: IClusters,
  nSamples: number,
  fs_: number
): Int16Array {
  const raw = new Int16Array(nSamples * N_SAVED);
  const state = new Float64Array(N_CHANNELS);
  for (let s = 0; s < nSamples; s++) {
    const common = rng.normal(0, 2);
    for (let c = 0; c < N_CHANNELS; c++) {
      state[c] = 0.6 * state[c] + rng.normal(0, 5);
      raw[s * N_SAVED + c] = Math.round(state[c] + common);
    }
    raw[s * N_SAVED + N_CHANNELS] = s < nSamples / 2 ? 0 : 1;
  }
  const nc = clusters.rate.length;
  for (let i = 0; i < nc; i++) {
    const peak = Number(clusters.channels[i]);
    const counts = clusters.amplitude[i] / NP1_AP_VOLTS_PER_BIT;
    for (
      let t = rng.exponential(1 / clusters.rate[i]);
      t * fs_ < nSamples - 40;
      t += rng.exponential(1 / clusters.rate[i])
    ) {
      const s0 = Math.round(t * fs_);
      for (
        let c = Math.max(0, peak - 6);
        c <= Math.min(N_CHANNELS - 1, peak + 6);
        c++
      ) {
        const dy =
          channels.localCoordinates[2 * c + 1] -
          channels.localCoordinates[2 * peak + 1];
        const gain = counts * Math.exp(-Math.abs(dy) / 40);
        for (let k = 0; k < 30; k++) {
          const shape =
            -Math.exp(-((k - 8) ** 2) / 8) +
            0.3 * Math.exp(-((k - 18) ** 2) / 30);
          const idx = (s0 + k) * N_SAVED + c;
          raw[idx] = Math.max(
            -32768,
            Math.min(32767, raw[idx] + Math.round(gain * shape))
          );
        }
      }
    }
  }
  return raw;
}

export interface IRawFiles {
  compressed: IMtscompResult;
  meta: string;
}

/** Compress the excerpt and derive its `.meta` from the template. */
export function rawEphysFiles(
  raw: Int16Array,
  template: string,
  chunkDuration: number,
  extra: Record<string, string> = {}
): IRawFiles {
  const sampleRate = metaSampleRate(template);
  const nSamples = raw.length / N_SAVED;
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const meta = patchMeta(template, {
    fileSizeBytes: bytes.length,
    fileTimeSecs: nSamples / sampleRate,
    fileSHA1: createHash('sha1').update(bytes).digest('hex').toUpperCase(),
    ...extra
  });
  const compressed = mtscompCompress(raw, N_SAVED, {
    sampleRate,
    chunkDuration
  });
  return { compressed, meta };
}
