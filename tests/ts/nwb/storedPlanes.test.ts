import { constants, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import {
  deflateChunk as deflateParts,
  joined,
  PROBE_SAMPLE_BYTES,
  probeSample,
  shuffleBytes
} from '../../../src/nwb/fast/deflate';
import {
  combineAdler32,
  incompressible,
  joinStreams,
  storedPrefix,
  storedStream
} from '../../../src/nwb/fast/storedPlanes';

/** The stream in one buffer (it may come in pieces to write one after the other). */
function deflateChunk(...args: Parameters<typeof deflateParts>): {
  z: Buffer;
  strategy: string;
} {
  const stream = deflateParts(...args);
  return { z: Buffer.from(joined(stream)), strategy: stream.strategy };
}

/** xorshift32: the same noise on every run. */
function noise(length: number, seed = 2463534242): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 24;
  }
  return out;
}

/** zlib's own Adler-32 of `bytes` (the trailer of a zlib stream). */
function adler32(bytes: Uint8Array): number {
  const z = deflateSync(bytes, { level: 0 });
  return z.readUInt32BE(z.length - 4);
}

/**
 * float64 values as measured data look after HDF5's shuffle: slowly rising times whose low
 * mantissa bytes are noise and whose exponent bytes barely change.
 */
function measuredTimes(n: number): Float64Array {
  const values = new Float64Array(n);
  const jitter = noise(n, 99);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += 0.001 + jitter[i] * 1e-5;
    values[i] = t;
  }
  return values;
}

/** Type tags of a zlib stream's deflate blocks, up to the first block that is not stored. */
function leadingStoredBytes(z: Uint8Array): number {
  let at = 2;
  let stored = 0;
  while ((z[at] & 0b110) === 0) {
    const length = z[at + 1] | (z[at + 2] << 8);
    stored += length;
    const last = z[at] & 1;
    at += 5 + length;
    if (last) {
      break;
    }
  }
  return stored;
}

describe('noise planes are stored, the rest deflated (one zlib stream)', () => {
  it('tells noise from bytes that Huffman coding or runs would shrink', () => {
    expect(incompressible(noise(1 << 17))).toBe(true);
    // Skewed: values 0..63 only (6 bits of entropy).
    expect(incompressible(noise(1 << 17).map(b => b & 63))).toBe(false);
    // Runs: every value repeated 4 times (what Z_RLE finds).
    const runs = noise(1 << 15);
    expect(
      incompressible(
        Uint8Array.from({ length: 1 << 17 }, (_, i) => runs[i >> 2])
      )
    ).toBe(false);
    // Noise whose halves use different halves of the byte range: each deflate block's
    // own Huffman code saves 1 bit in 8, although the plane as a whole looks uniform.
    const halves = noise(1 << 17).map((b, i) =>
      i < 1 << 16 ? b & 0x7f : b | 0x80
    );
    expect(incompressible(halves)).toBe(false);
    // Too short to judge: deflated as before.
    expect(incompressible(noise(1000))).toBe(false);
  });

  it('combines Adler-32 checksums as zlib does', () => {
    for (const [a, b] of [
      [0, 0],
      [1, 5],
      [70000, 3],
      [100, 200000],
      [65521 * 2, 65521]
    ]) {
      const first = noise(a, 7);
      const second = noise(b, 11);
      const both = new Uint8Array(a + b);
      both.set(first);
      both.set(second, a);
      expect(combineAdler32(adler32(first), adler32(second), b)).toBe(
        adler32(both)
      );
    }
  });

  it('stores the leading noise planes of shuffled measured float64 values', () => {
    const values = measuredTimes(1 << 17);
    const shuffled = shuffleBytes(
      new Uint8Array(values.buffer),
      8,
      new Uint8Array(values.byteLength)
    );
    const prefix = storedPrefix(shuffled, 8);
    // The low mantissa bytes are noise; the exponent and top mantissa bytes are not.
    expect(prefix % (1 << 17)).toBe(0);
    expect(prefix / (1 << 17)).toBeGreaterThanOrEqual(3);
    expect(prefix / (1 << 17)).toBeLessThanOrEqual(6);
    const { z, strategy } = deflateChunk(shuffled, 4, 'rle', 8);
    expect(strategy).toBe('rle');
    expect(Buffer.from(inflateSync(z)).equals(Buffer.from(shuffled))).toBe(
      true
    );
    // Stored as such (not deflated), then deflated blocks; no larger than Z_RLE alone.
    expect(leadingStoredBytes(z)).toBe(prefix);
    const runs = deflateSync(shuffled, { level: 4, strategy: constants.Z_RLE });
    expect(z.length).toBeLessThanOrEqual(runs.length * 1.001);
  });

  it('stores a chunk of noise whole, tail included, and deflates a compressible one whole', () => {
    for (const length of [8 * 20000, 8 * 20000 + 5]) {
      const input = noise(length);
      const { z } = deflateChunk(input, 4, 'rle', 8);
      expect(Buffer.from(inflateSync(z)).equals(Buffer.from(input))).toBe(true);
      expect(leadingStoredBytes(z)).toBe(length);
    }
    const zeros = new Uint8Array(8 * 20000);
    const { z } = deflateChunk(zeros, 4, 'rle', 8);
    expect(leadingStoredBytes(z)).toBe(0);
    expect(z.length).toBeLessThan(1000);
  });

  it('probe compares the stored-and-deflated stream with the default one', () => {
    const values = measuredTimes(1 << 16);
    const shuffled = shuffleBytes(
      new Uint8Array(values.buffer),
      8,
      new Uint8Array(values.byteLength)
    );
    const probed = deflateChunk(shuffled, 4, 'probe', 8);
    expect(probed.strategy).toBe('rle');
    expect(leadingStoredBytes(probed.z)).toBe(storedPrefix(shuffled, 8));
    expect(
      Buffer.from(inflateSync(probed.z)).equals(Buffer.from(shuffled))
    ).toBe(true);
  });

  it("probe's sample of a large chunk is the shuffle of the chunk's first elements", () => {
    const values = measuredTimes(1 << 17); // 1 MiB of float64
    const bytes = new Uint8Array(values.buffer);
    const shuffled = shuffleBytes(bytes, 8, new Uint8Array(bytes.length));
    const sample = probeSample(shuffled, 8);
    const m = PROBE_SAMPLE_BYTES / 8;
    expect(sample.length).toBe(PROBE_SAMPLE_BYTES);
    const head = bytes.subarray(0, m * 8);
    expect(
      Buffer.from(sample).equals(
        Buffer.from(shuffleBytes(head, 8, new Uint8Array(head.length)))
      )
    ).toBe(true);
    // Chunks up to twice the sample are probed whole.
    const small = shuffled.subarray(0, 2 * PROBE_SAMPLE_BYTES);
    expect(probeSample(small, 8)).toBe(small);
  });

  it('probe of a large chunk chooses as its sample does, then compresses the whole chunk', () => {
    // Measured times (run-length pays) and a smooth, repeating signal (matches pay).
    const times = measuredTimes(1 << 17);
    const smooth = Float64Array.from(
      { length: 1 << 17 },
      (_, i) => Math.round(1000 * Math.sin(i / 50)) / 1000
    );
    for (const [values, kept] of [
      [times, 'rle'],
      [smooth, 'default']
    ] as const) {
      const bytes = new Uint8Array(values.buffer);
      const shuffled = shuffleBytes(bytes, 8, new Uint8Array(bytes.length));
      const probed = deflateChunk(shuffled, 4, 'probe', 8);
      expect(probed.strategy).toBe(kept);
      expect(
        Buffer.from(inflateSync(probed.z)).equals(Buffer.from(shuffled))
      ).toBe(true);
      // The same stream as compressing the chunk that way directly.
      expect(probed.z.equals(deflateChunk(shuffled, 4, kept, 8).z)).toBe(true);
    }
  });

  it('joins only streams of stored blocks in front', () => {
    const a = noise(70000, 3);
    const b = new Uint8Array(5000).fill(7);
    const parts = joinStreams(
      storedStream(a),
      deflateSync(b, { level: 4 }),
      b.length
    )!;
    expect(Buffer.from(inflateSync(Buffer.concat(parts)))).toEqual(
      Buffer.concat([Buffer.from(a), Buffer.from(b)])
    );
    // A compressed first stream cannot have its final bit cleared by this join.
    expect(
      joinStreams(deflateSync(b, { level: 4 }), deflateSync(b), b.length)
    ).toBeUndefined();
  });
});
