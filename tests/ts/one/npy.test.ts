import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  CorruptFileError,
  InvalidQueryError,
  TruncatedFileError,
  UnsupportedDtypeError
} from '../../../src/one/errors';
import { NpyFile, readNpy } from '../../../src/one/node/files';
import { decodeNpy, squeezeColumn } from '../../../src/one/npy';

const QC = resolve(
  __dirname,
  '../../../../shared/fixtures/ibllib/ibllib/tests/fixtures/qc'
);

/** Build a .npy file by hand (format version 1 or 2). */
function npy(
  descr: string,
  shape: number[],
  data: Uint8Array,
  fortran = false,
  version = 1
): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat(64 - ((pre + header.length + 1) % 64)) + '\n';
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) {
    view.setUint16(8, header.length, true);
  } else {
    view.setUint32(8, header.length, true);
  }
  out.set(new TextEncoder().encode(header), pre);
  out.set(data, pre + header.length);
  return out;
}

describe('.npy decoding', () => {
  it('reads big-endian, bool, float16 and Fortran-ordered arrays', () => {
    const be = npy('>i2', [3], new Uint8Array([0, 1, 1, 0, 0xff, 0xfe]));
    expect(Array.from(decodeNpy(be, 'be.npy').data)).toEqual([1, 256, -2]);
    const bools = decodeNpy(
      npy('|b1', [2, 2], new Uint8Array([1, 0, 0, 1]), false, 2),
      'b.npy'
    );
    expect(bools).toMatchObject({ dtype: 'bool', shape: [2, 2] });
    const half = decodeNpy(
      npy('<f2', [3], new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c])),
      'h.npy'
    );
    expect(Array.from(half.data)).toEqual([1, -2, Infinity]);
    // Fortran (2, 3) holding columns [1,2], [3,4], [5,6] → C order rows [1,3,5], [2,4,6].
    const f = decodeNpy(
      npy(
        '<i4',
        [2, 3],
        new Uint8Array(new Int32Array([1, 2, 3, 4, 5, 6]).buffer),
        true
      ),
      'f.npy'
    );
    expect(Array.from(f.data)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(
      squeezeColumn({ dtype: 'int32', shape: [4, 1], data: new Int32Array(4) })
        .shape
    ).toEqual([4]);
  });

  it('refuses damaged files with typed errors', () => {
    const good = npy('<f8', [4], new Uint8Array(32));
    expect(() =>
      decodeNpy(good.subarray(0, good.length - 1), 'cut.npy')
    ).toThrow(TruncatedFileError);
    expect(() => decodeNpy(good.subarray(0, 5), 'tiny.npy')).toThrow(
      TruncatedFileError
    );
    const bad = good.slice();
    bad[0] = 0;
    expect(() => decodeNpy(bad, 'magic.npy')).toThrow(CorruptFileError);
    expect(() =>
      decodeNpy(npy('|O', [1], new Uint8Array(8)), 'obj.npy')
    ).toThrow(/pickled Python objects/);
    expect(() =>
      decodeNpy(npy('<U3', [1], new Uint8Array(12)), 'str.npy')
    ).toThrow(UnsupportedDtypeError);
    // A header announcing a huge shape fails before any allocation.
    expect(() =>
      decodeNpy(npy('<f8', [1e15], new Uint8Array(8)), 'huge.npy')
    ).toThrow(TruncatedFileError);
    const broken = new TextDecoder('latin1')
      .decode(good)
      .replace("'shape'", "'shapf'");
    expect(() =>
      decodeNpy(
        Uint8Array.from(broken, c => c.charCodeAt(0)),
        'dict.npy'
      )
    ).toThrow(CorruptFileError);
  });
});

describe('.npy files read at offsets', () => {
  it('reads row slices of C and Fortran arrays without the rest of the file', async () => {
    const wheel = await readNpy(join(QC, 'wheel.npy'));
    const file = await NpyFile.open(join(QC, 'wheel.npy'));
    try {
      expect(file.rows).toBe(102);
      const rows = await file.readRows(10, 13);
      expect(Array.from(rows.data)).toEqual(
        Array.from(wheel.data.slice(20, 26))
      );
      await expect(file.readRows(100, 103)).rejects.toThrow(InvalidQueryError);
    } finally {
      await file.close();
    }
    const pupil = await readNpy(join(QC, 'pupil_diameter.npy'));
    const pf = await NpyFile.open(join(QC, 'pupil_diameter.npy'));
    try {
      expect(pf.layout.header.fortranOrder).toBe(true);
      const rows = await pf.readRows(5, 9);
      expect(Array.from(rows.data)).toEqual(
        Array.from(pupil.data.slice(10, 18))
      );
    } finally {
      await pf.close();
    }
  });

  it('checks the file size against the header before reading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    const good = npy('<f8', [1000], new Uint8Array(8000));
    writeFileSync(join(dir, 'cut.npy'), good.subarray(0, 500));
    await expect(NpyFile.open(join(dir, 'cut.npy'))).rejects.toThrow(
      TruncatedFileError
    );
    const scalar = npy(
      '<f8',
      [],
      new Uint8Array(new Float64Array([2.5]).buffer)
    );
    writeFileSync(join(dir, 'scalar.npy'), scalar);
    expect(await readNpy(join(dir, 'scalar.npy'))).toMatchObject({
      shape: [],
      data: new Float64Array([2.5])
    });
  });
});
