import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';

import { mtscompCompress } from '../../../src/one/generate/mtscomp';
import {
  encodeNpy,
  npyHeader,
  NpyStreamWriter
} from '../../../src/one/generate/npyWriter';
import { encodeTable } from '../../../src/one/generate/parquetTable';

const MTS = path.resolve(
  __dirname,
  '../../../../shared/fixtures/generated-mtscomp'
);

describe('npy writer', () => {
  it('writes numpy 1.0 headers padded to 64 bytes', () => {
    const bytes = encodeNpy(
      '<f8',
      Float64Array.from([1, 2, 3, 4, 5, 6]),
      [3, 2]
    );
    expect(bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
    );
    const hlen = bytes.readUInt16LE(8);
    expect((10 + hlen) % 64).toBe(0);
    const header = bytes.subarray(10, 10 + hlen).toString('latin1');
    expect(header).toMatch(
      /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(3, 2\), \} *\n$/
    );
    expect(
      new Float64Array(
        bytes.buffer.slice(
          bytes.byteOffset + 10 + hlen,
          bytes.byteOffset + bytes.length
        )
      )
    ).toEqual(Float64Array.from([1, 2, 3, 4, 5, 6]));
    expect(Buffer.from(npyHeader('|b1', [0])).toString('latin1')).toContain(
      "'shape': (0,)"
    );
  });

  it('refuses a mismatched dtype or shape', () => {
    expect(() => encodeNpy('<f8', Int32Array.from([1]))).toThrow(
      /Float64Array/
    );
    expect(() => encodeNpy('<i4', Int32Array.from([1, 2]), [3])).toThrow(
      /shape/
    );
  });

  it('patches the row count of streamed files', () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'npy-')),
      'a.npy'
    );
    const w = new NpyStreamWriter(file, '<f8', [2]);
    w.append(Float64Array.from([1, 2]));
    w.append(Float64Array.from([3, 4, 5, 6]));
    expect(w.close()).toBe(3);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(10, 128).toString('latin1')).toContain(
      "'shape': (3, 2)"
    );
    expect(bytes.length).toBe(128 + 48);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

describe('parquet tables', () => {
  it('read back with hyparquet, including categories and unsigned columns', async () => {
    const bytes = encodeTable([
      { name: 'x', kind: 'float64', values: Float64Array.from([0.5, NaN, 2]) },
      { name: 'n', kind: 'int64', values: BigInt64Array.from([1n, -2n, 3n]) },
      { name: 's', kind: 'string', values: ['a', 'b', 'c'] },
      { name: 'u', kind: 'uint16', values: [1, 2, 65535] },
      {
        name: 'q',
        kind: 'category',
        values: ['PASS', 'PASS', 'WARNING'],
        categories: ['NOT_SET', 'PASS', 'WARNING']
      }
    ]);
    const file = {
      byteLength: bytes.byteLength,
      slice: (a: number, b?: number) => bytes.slice(a, b).buffer
    };
    const rows = await parquetReadObjects({ file });
    expect(rows.map(r => r.s)).toEqual(['a', 'b', 'c']);
    expect(rows.map(r => r.q)).toEqual(['PASS', 'PASS', 'WARNING']);
    expect(rows.map(r => r.u)).toEqual([1, 2, 65535]);
    expect(rows.map(r => r.n)).toEqual([1n, -2n, 3n]);
    expect(Number.isNaN(rows[1].x)).toBe(true);
  });

  it('refuses unequal columns and unknown categories', () => {
    expect(() =>
      encodeTable([
        { name: 'a', kind: 'float64', values: new Float64Array(2) },
        { name: 'b', kind: 'float64', values: new Float64Array(3) }
      ])
    ).toThrow(/column b/);
    expect(() =>
      encodeTable([
        { name: 'q', kind: 'category', values: ['BAD'], categories: ['PASS'] }
      ])
    ).toThrow(/BAD/);
  });
});

describe('mtscomp compressor', () => {
  const raw = new Int16Array(
    new Uint8Array(fs.readFileSync(path.join(MTS, 'small_5ch_int16.bin')))
      .buffer
  );
  const variants: [string, object][] = [
    ['small_5ch_int16_F_timediff', {}],
    [
      'small_5ch_int16_C_time_spatial',
      { chunkOrder: 'C', doSpatialDiff: true }
    ],
    ['small_5ch_int16_F_nodiff', { doTimeDiff: false }]
  ];
  for (const [name, options] of variants) {
    it(`encodes chunks like the reference mtscomp (${name})`, () => {
      const ours = mtscompCompress(raw, 5, {
        sampleRate: 1000,
        chunkDuration: 0.3,
        ...options
      });
      const refCh = JSON.parse(
        fs.readFileSync(path.join(MTS, `${name}.ch`), 'utf8')
      );
      const refBin = fs.readFileSync(path.join(MTS, `${name}.cbin`));
      expect(ours.ch.chunk_bounds).toEqual(refCh.chunk_bounds);
      expect(ours.ch.sha1_uncompressed).toBe(refCh.sha1_uncompressed);
      expect(ours.ch.sha1_compressed).toBe(
        createHash('sha1').update(ours.cbin).digest('hex')
      );
      const offsets = ours.ch.chunk_offsets as number[];
      for (let k = 0; k + 1 < offsets.length; k++) {
        // zlib builds differ in their deflate bytes; the inflated chunk payloads must be identical
        const mine = zlib.inflateSync(
          ours.cbin.subarray(offsets[k], offsets[k + 1])
        );
        const theirs = zlib.inflateSync(
          refBin.subarray(refCh.chunk_offsets[k], refCh.chunk_offsets[k + 1])
        );
        expect(mine.equals(theirs)).toBe(true);
      }
      // same keys, order and layout as Python's json.dump(indent=2, sort_keys=True)
      const strip = (t: string): string =>
        t
          .replace(/"sha1_compressed": "[0-9a-f]+"/, '')
          .replace(/"chunk_offsets": \[[^\]]*\]/, '');
      expect(strip(ours.chText)).toBe(
        strip(fs.readFileSync(path.join(MTS, `${name}.ch`), 'utf8'))
      );
    });
  }
});
