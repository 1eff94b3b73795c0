import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { FileIntegrityError } from '../../../src/one/errors';
import {
  forgetVerified,
  readVerifiedBytes,
  readVerifiedNpy,
  readVerifiedTable,
  rememberVerified,
  verifyFile
} from '../../../src/one/node/verifiedRead';

const md5 = (bytes: Uint8Array) =>
  createHash('md5').update(bytes).digest('hex');

/** A float64 .npy file as numpy writes it (v1.0, header padded to 64 bytes). */
function npyBytes(values: Float64Array): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  header = header.padEnd(64 * Math.ceil((header.length + 11) / 64) - 11) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(values.buffer), 10 + header.length);
  return out;
}

describe('files checked against the cache record before their values are used (#19.7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verified-'));
  afterEach(forgetVerified);

  it('reads a file whose size and md5 match; a large one is hashed piece by piece', async () => {
    // 3 M values: 24 MB, several read pieces hashed in file order.
    const values = Float64Array.from({ length: 3_000_000 }, (_, i) => i / 7);
    const bytes = npyBytes(values);
    const path = join(dir, 'spikes.times.npy');
    writeFileSync(path, bytes);
    const array = await readVerifiedNpy(path, {
      size: bytes.length,
      md5: md5(bytes)
    });
    expect(array.shape).toEqual([values.length]);
    const data = array.data as Float64Array;
    expect(data.length).toBe(values.length);
    expect(data.every((v, i) => v === values[i])).toBe(true);
  });

  it('refuses a flipped byte naming the file, both md5s and the fix', async () => {
    const bytes = npyBytes(Float64Array.from([1, 2, 3]));
    const path = join(dir, 'flipped.npy');
    const recorded = md5(bytes);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 3] ^= 0x01;
    writeFileSync(path, flipped);
    const read = readVerifiedNpy(path, { size: bytes.length, md5: recorded });
    await expect(read).rejects.toThrow(FileIntegrityError);
    await expect(read).rejects.toThrow(
      new RegExp(
        `${path}.*md5 is ${md5(flipped)}.*records ${recorded}.*download it again`
      )
    );
    // Without the md5 check the same file is read (the size is right).
    const unchecked = await readVerifiedNpy(
      path,
      { size: bytes.length, md5: recorded },
      { md5: false }
    );
    expect(unchecked.data).not.toEqual(Float64Array.from([1, 2, 3]));
  });

  it('refuses a file of another size even without the md5 check', async () => {
    const path = join(dir, 'table.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(
      readVerifiedTable(path, { size: 9, md5: null }, { md5: false })
    ).rejects.toThrow(/has 8 bytes but the cache records 9/);
    await expect(verifyFile(path, { size: 9, md5: null })).rejects.toThrow(
      FileIntegrityError
    );
    const table = await readVerifiedTable(path, { size: 8, md5: null });
    expect(table.columns.map(c => c.name)).toEqual(['a', 'b']);
  });

  it('does not hash a file verified earlier in the process, until the file changes', async () => {
    const path = join(dir, 'remembered.bin');
    writeFileSync(path, 'payload');
    // A wrong record that a real hash would refuse: accepted only because it is remembered.
    const record = { size: 7, md5: 'f'.repeat(32) };
    await rememberVerified(path, record.md5);
    expect(
      new TextDecoder().decode(await readVerifiedBytes(path, record))
    ).toBe('payload');
    writeFileSync(path, 'payloaD'); // same size, new mtime / ctime: hashed again
    await expect(readVerifiedBytes(path, record)).rejects.toThrow(/md5 is/);
  });
});
