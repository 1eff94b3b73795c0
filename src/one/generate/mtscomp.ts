/**
 * mtscomp 1.0 compressor (the format of IBL's raw `.cbin` + `.ch` files).
 *
 * Each chunk of rows is differenced along time (wrap-around int16 arithmetic),
 * optionally along channels, laid out in F or C order, and zlib-compressed on its
 * own, so readers can inflate any chunk independently.
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';

import { GeneratorError } from './errors';

export interface IMtscompOptions {
  sampleRate: number;
  chunkDuration?: number; // s, 1 by default as in mtscomp
  doTimeDiff?: boolean;
  doSpatialDiff?: boolean;
  chunkOrder?: 'F' | 'C';
  compLevel?: number; // zlib level, -1 = default
}

export interface IMtscompResult {
  cbin: Buffer;
  ch: Record<string, unknown>;
  /** `.ch` text as Python's `json.dump(..., indent=2, sort_keys=True)` writes it. */
  chText: string;
}

function encodeChunk(
  raw: Int16Array,
  b0: number,
  b1: number,
  nc: number,
  o: Required<IMtscompOptions>
): Buffer {
  const n = b1 - b0;
  const diff = new Int16Array(n * nc);
  for (let s = 0; s < n; s++) {
    for (let c = 0; c < nc; c++) {
      const v = raw[(b0 + s) * nc + c];
      diff[s * nc + c] =
        o.doTimeDiff && s > 0 ? v - raw[(b0 + s - 1) * nc + c] : v;
    }
  }
  if (o.doSpatialDiff) {
    // channels differenced after time, right to left so each uses the original left neighbour
    for (let s = 0; s < n; s++) {
      for (let c = nc - 1; c > 0; c--) {
        diff[s * nc + c] = diff[s * nc + c] - diff[s * nc + c - 1];
      }
    }
  }
  let ordered = diff;
  if (o.chunkOrder === 'F') {
    ordered = new Int16Array(n * nc);
    for (let s = 0; s < n; s++) {
      for (let c = 0; c < nc; c++) {
        ordered[c * n + s] = diff[s * nc + c];
      }
    }
  }
  return zlib.deflateSync(
    Buffer.from(ordered.buffer, ordered.byteOffset, ordered.byteLength),
    { level: o.compLevel }
  );
}

/** Compress a row-major (samples × channels) int16 array. */
export function mtscompCompress(
  raw: Int16Array,
  nChannels: number,
  options: IMtscompOptions
): IMtscompResult {
  if (raw.length % nChannels !== 0) {
    throw new GeneratorError(
      'mtscomp',
      `${raw.length} values are not a whole number of ${nChannels}-channel rows`,
      'pass complete samples'
    );
  }
  const o: Required<IMtscompOptions> = {
    chunkDuration: 1,
    doTimeDiff: true,
    doSpatialDiff: false,
    chunkOrder: 'F',
    compLevel: -1,
    ...options
  };
  const nSamples = raw.length / nChannels;
  const chunkLen = Math.round(o.chunkDuration * o.sampleRate);
  const bounds = [0];
  while (bounds[bounds.length - 1] < nSamples) {
    bounds.push(Math.min(nSamples, bounds[bounds.length - 1] + chunkLen));
  }
  const offsets = [0];
  const parts: Buffer[] = [];
  const shaCompressed = createHash('sha1');
  const shaRaw = createHash('sha1');
  for (let k = 0; k + 1 < bounds.length; k++) {
    const part = encodeChunk(raw, bounds[k], bounds[k + 1], nChannels, o);
    parts.push(part);
    offsets.push(offsets[k] + part.length);
    shaCompressed.update(part);
    const rows = raw.subarray(bounds[k] * nChannels, bounds[k + 1] * nChannels);
    shaRaw.update(Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength));
  }
  const ch = {
    algorithm: 'zlib',
    chunk_bounds: bounds,
    chunk_offsets: offsets,
    chunk_order: o.chunkOrder,
    comp_level: o.compLevel,
    do_spatial_diff: o.doSpatialDiff,
    do_time_diff: o.doTimeDiff,
    dtype: 'int16',
    n_channels: nChannels,
    sample_rate: o.sampleRate,
    sha1_compressed: shaCompressed.digest('hex'),
    sha1_uncompressed: shaRaw.digest('hex'),
    shape: [nSamples, nChannels],
    version: '1.0'
  };
  // Python writes floats with a decimal point; JSON.stringify drops ".0"
  const rate = Number.isInteger(o.sampleRate)
    ? `${o.sampleRate}.0`
    : String(o.sampleRate);
  const chText = JSON.stringify(ch, null, 2).replace(
    /"sample_rate": [^,\n]+/,
    `"sample_rate": ${rate}`
  );
  return { cbin: Buffer.concat(parts), ch, chText };
}
