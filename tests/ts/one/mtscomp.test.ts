import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  CorruptFileError,
  InvalidQueryError,
  TruncatedFileError
} from '../../../src/one/errors';
import {
  chunkOf,
  decodeChunks,
  inflateWithStreams,
  parseMtscompHeader
} from '../../../src/one/mtscomp';
import { CbinFile } from '../../../src/one/node/mtscompFile';

const DIR = resolve(__dirname, '../../../../shared/fixtures/generated-mtscomp');
const expected = JSON.parse(
  readFileSync(join(DIR, 'expected.json'), 'utf8')
) as Record<
  string,
  {
    shape: number[];
    chunk_bounds: number[];
    sha1_raw_bin: string;
    sha1_cbin_file: string;
    first_row: number[];
  }
>;
const RAW = {
  small: 'small_5ch_int16.bin',
  spikeglx_like_385ch: 'spikeglx_like_385ch.ap.bin'
};

function rawPathOf(name: string): string {
  return join(
    DIR,
    name.startsWith('small') ? RAW.small : RAW.spikeglx_like_385ch
  );
}

function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

async function decodeAll(file: CbinFile): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of file.chunks()) {
    parts.push(
      new Uint8Array(
        chunk.data.buffer,
        chunk.data.byteOffset,
        chunk.data.byteLength
      )
    );
  }
  return Buffer.concat(parts);
}

describe('mtscomp decoding of the generated vectors', () => {
  it.each(Object.keys(expected))(
    '%s decodes byte-exact, chunk by chunk',
    async name => {
      const exp = expected[name];
      const file = await CbinFile.open(join(DIR, `${name}.cbin`));
      try {
        expect(file.header.chunkBounds).toEqual(exp.chunk_bounds);
        expect([file.header.nSamples, file.header.nChannels]).toEqual(
          exp.shape
        );
        const decoded = await decodeAll(file);
        const raw = readFileSync(rawPathOf(name));
        expect(sha1(decoded)).toBe(exp.sha1_raw_bin);
        expect(Buffer.compare(Buffer.from(decoded), raw)).toBe(0);
        expect(sha1(readFileSync(join(DIR, `${name}.cbin`)))).toBe(
          exp.sha1_cbin_file
        );
        // Slices that straddle chunk bounds read only the chunks they need.
        const [n, c] = exp.shape;
        for (const [a, b] of [
          [0, 1],
          [299, 301],
          [n - 7, n],
          [10, 20]
        ]) {
          const got = await file.readSamples(a, b);
          const want = new Int16Array(
            raw.buffer.slice(
              raw.byteOffset + a * c * 2,
              raw.byteOffset + b * c * 2
            )
          );
          expect(Array.from(got)).toEqual(Array.from(want));
        }
        expect(
          Array.from(
            (await file.readSamples(0, 1)).slice(0, exp.first_row.length)
          )
        ).toEqual(exp.first_row);
        await expect(file.readSamples(n - 1, n + 1)).rejects.toThrow(
          InvalidQueryError
        );
      } finally {
        await file.close();
      }
    }
  );

  it('decodes with the browser DecompressionStream inflater too', async () => {
    const name = 'small_5ch_int16_C_time_spatial';
    const header = parseMtscompHeader(
      readFileSync(join(DIR, `${name}.ch`), 'utf8'),
      name
    );
    const cbin = new Uint8Array(readFileSync(join(DIR, `${name}.cbin`)));
    const read = async (o: number, l: number) => cbin.subarray(o, o + l);
    const parts: Uint8Array[] = [];
    for await (const chunk of decodeChunks(
      header,
      read,
      inflateWithStreams,
      name
    )) {
      parts.push(
        new Uint8Array(
          chunk.data.buffer,
          chunk.data.byteOffset,
          chunk.data.byteLength
        )
      );
    }
    expect(sha1(Buffer.concat(parts))).toBe(expected[name].sha1_raw_bin);
  });

  it('finds the chunk of a sample', () => {
    const header = parseMtscompHeader(
      readFileSync(join(DIR, 'small_5ch_int16_F_nodiff.ch'), 'utf8'),
      'x'
    );
    expect([0, 299, 300, 899, 900, 999].map(s => chunkOf(header, s))).toEqual([
      0, 0, 1, 2, 3, 3
    ]);
  });

  it('reads the real np2split header', () => {
    const path = resolve(
      DIR,
      '../ibl-neuropixel/src/tests/fixtures/np2split/_spikeglx_ephysData_g0_t0.imec0.ap.ch'
    );
    const header = parseMtscompHeader(readFileSync(path, 'utf8'), path);
    expect(header).toMatchObject({
      nChannels: 385,
      nSamples: 30000,
      chunkOrder: 'F',
      doTimeDiff: true
    });
  });

  it('refuses damaged headers and data with typed errors', async () => {
    const ch = JSON.parse(
      readFileSync(join(DIR, 'small_5ch_int16_F_timediff.ch'), 'utf8')
    );
    expect(() => parseMtscompHeader('{', 'a.ch')).toThrow(CorruptFileError);
    expect(() =>
      parseMtscompHeader(
        JSON.stringify({ ...ch, chunk_offsets: [0, 5, 3, 9, 10] }),
        'a.ch'
      )
    ).toThrow(CorruptFileError);
    const header = parseMtscompHeader(JSON.stringify(ch), 'a.ch');
    const cbin = new Uint8Array(
      readFileSync(join(DIR, 'small_5ch_int16_F_timediff.cbin'))
    );
    const flipped = cbin.slice();
    flipped[1300] ^= 0xff;
    const readFlipped = async (o: number, l: number) =>
      flipped.subarray(o, o + l);
    const consume = async (
      read: (o: number, l: number) => Promise<Uint8Array>
    ) => {
      for await (const chunk of decodeChunks(
        header,
        read,
        inflateWithStreams,
        'a.cbin'
      )) {
        void chunk;
      }
    };
    await expect(consume(readFlipped)).rejects.toThrow(CorruptFileError);
    const cut = cbin.subarray(0, 2000);
    await expect(
      consume(async (o, l) => cut.subarray(o, o + l))
    ).rejects.toThrow(TruncatedFileError);
  });
});
