/**
 * Seeded fuzzing of the readers with real fixture files: random truncations
 * and byte flips must give correct data or one of our typed errors — never
 * another exception, a hang or an unbounded allocation.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseDelimited } from '../../../src/one/delimited';
import { AlfError } from '../../../src/one/errors';
import {
  decodeChunks,
  IMtscompHeader,
  parseMtscompHeader
} from '../../../src/one/mtscomp';
import { inflateNode } from '../../../src/one/node/mtscompFile';
import { decodeNpy } from '../../../src/one/npy';
import { parseNpyHeader } from '../../../src/one/npyHeader';
import { readParquet } from '../../../src/one/parquet';
import { parseSpikeGlxMeta } from '../../../src/one/spikeglx';

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const CASES = 150;

/** mulberry32: small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface IMutation {
  bytes: Uint8Array;
  /** Byte offset of the flip, or -1 for a truncation. */
  flipped: number;
}

function* mutations(
  original: Uint8Array,
  seed: number,
  count = CASES
): Generator<IMutation> {
  const rand = prng(seed);
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      yield {
        bytes: original.slice(0, Math.floor(rand() * original.length)),
        flipped: -1
      };
    } else {
      const bytes = original.slice();
      // Bias half of the flips towards the header, where damage is most interesting.
      const at = Math.floor(
        rand() * (rand() < 0.5 ? Math.min(bytes.length, 256) : bytes.length)
      );
      bytes[at] ^= 1 + Math.floor(rand() * 255);
      yield { bytes, flipped: at };
    }
  }
}

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIX}/${path}`));
}

/** Run `fn`; a thrown error must be one of ours. Returns the result or undefined. */
async function typedOrResult<T>(
  fn: () => T | Promise<T>,
  label: string
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof AlfError)) {
      throw new Error(
        `${label}: untyped ${(err as Error).constructor.name}: ${(err as Error).message}`
      );
    }
    expect(err.message.length).toBeGreaterThan(20);
    return undefined;
  }
}

describe('fuzzing the readers with damaged real files', () => {
  it.each([
    'ibllib/ibllib/tests/fixtures/qc/pupil_diameter.npy',
    'ibllib/ibllib/tests/fixtures/qc/wheel.npy',
    'iblatlas/iblatlas/beryl.npy',
    'ibllib/ibllib/io/extractors/ephys_sessions/session_0_ephys_len_blocks.npy'
  ])('.npy %s', async path => {
    const original = read(path);
    const good = decodeNpy(original, path);
    const dataOffset = parseNpyHeader(original, path).dataOffset;
    const goodBytes = new Uint8Array(
      good.data.buffer,
      good.data.byteOffset,
      good.data.byteLength
    );
    for (const [k, m] of [...mutations(original, 11)].entries()) {
      const got = await typedOrResult(
        () => decodeNpy(m.bytes, path),
        `${path}#${k}`
      );
      if (m.flipped < 0) {
        expect(got, `truncation #${k} must be detected`).toBeUndefined();
      } else if (
        got &&
        m.flipped >= dataOffset &&
        !parseNpyHeader(original, path).fortranOrder
      ) {
        // Header intact: only the flipped element may differ.
        const bytes = new Uint8Array(
          got.data.buffer,
          got.data.byteOffset,
          got.data.byteLength
        );
        expect(got.shape).toEqual(good.shape);
        const diff = bytes.findIndex((b, i) => b !== goodBytes[i]);
        expect(
          diff === -1 || Math.abs(diff - (m.flipped - dataOffset)) < 8
        ).toBe(true);
      } else if (got) {
        expect(got.data.length).toBe(
          got.shape.reduce((a, b) => a * b, 1) *
            (got.dtype.startsWith('complex') ? 2 : 1)
        );
      }
    }
  });

  it.each([
    'ONE/one/tests/fixtures/sessions.pqt',
    'ibllib/ibllib/io/extractors/ephys_sessions/passiveChoiceWorld_trials_fixtures.pqt',
    'iblatlas/iblatlas/mappings.pqt'
  ])('.pqt %s', async path => {
    const original = read(path);
    for (const [k, m] of [...mutations(original, 23, 80)].entries()) {
      const table = await typedOrResult(
        () => readParquet(m.bytes, path),
        `${path}#${k}`
      );
      if (m.flipped < 0) {
        expect(table).toBeUndefined();
      }
      for (const column of table?.columns ?? []) {
        expect((column.values as ArrayLike<unknown>).length).toBe(
          table!.numRows
        );
      }
    }
  });

  it('.csv trials table', async () => {
    const path = 'ibllib/brainbox/tests/fixtures/trials_df_test.csv';
    for (const [k, m] of [...mutations(read(path), 5, 60)].entries()) {
      const text = new TextDecoder().decode(m.bytes);
      const table = await typedOrResult(
        () => parseDelimited(text, ',', path),
        `${path}#${k}`
      );
      for (const column of table?.columns ?? []) {
        expect((column.values as ArrayLike<unknown>).length).toBe(
          table!.numRows
        );
      }
    }
  });

  it('SpikeGLX .meta', async () => {
    const path =
      'ibl-neuropixel/src/tests/fixtures/sample3B_g0_t0.imec1.ap.meta';
    for (const [k, m] of [...mutations(read(path), 7, 60)].entries()) {
      const meta = await typedOrResult(
        () => parseSpikeGlxMeta(new TextDecoder().decode(m.bytes), path),
        `${path}#${k}`
      );
      if (meta) {
        expect(meta.conversionFactors).toHaveLength(meta.savedChannels.length);
      }
    }
  });

  it('mtscomp .ch and .cbin', async () => {
    const name = 'generated-mtscomp/small_5ch_int16_F_timediff';
    const chBytes = read(`${name}.ch`);
    const cbin = read(`${name}.cbin`);
    const raw = read('generated-mtscomp/small_5ch_int16.bin');
    const decode = async (header: IMtscompHeader, bytes: Uint8Array) => {
      const parts: Uint8Array[] = [];
      const readRange = async (o: number, l: number) =>
        bytes.subarray(o, o + l);
      for await (const chunk of decodeChunks(
        header,
        readRange,
        inflateNode,
        `${name}.cbin`
      )) {
        parts.push(
          new Uint8Array(
            chunk.data.buffer,
            chunk.data.byteOffset,
            chunk.data.byteLength
          )
        );
      }
      return Buffer.concat(parts);
    };
    const header = parseMtscompHeader(
      new TextDecoder().decode(chBytes),
      `${name}.ch`
    );
    for (const [k, m] of [...mutations(cbin, 3, 80)].entries()) {
      const got = await typedOrResult(
        () => decode(header, m.bytes),
        `cbin#${k}`
      );
      if (got) {
        expect(
          Buffer.compare(got, Buffer.from(raw)),
          `cbin#${k} decoded wrong data`
        ).toBe(0);
      }
    }
    for (const [k, m] of [...mutations(chBytes, 9, 80)].entries()) {
      const h = await typedOrResult(
        () =>
          parseMtscompHeader(new TextDecoder().decode(m.bytes), `${name}.ch`),
        `ch#${k}`
      );
      if (h) {
        await typedOrResult(() => decode(h, cbin), `ch#${k} decode`);
      }
    }
  });
});
