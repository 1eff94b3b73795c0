/**
 * The fidelity report says per array what was compared (kind), and compares shape and dtype
 * as well as values: a (N, 1) dataset is not an (N,) source, a float32 dataset is not a
 * float64 source, and a derived column is "equal" only to an independent recomputation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  FidelityLedger,
  FidelityMismatchError,
  Recomputed
} from '../../../src/convert/fidelity/ledger';
import { writeArray } from '../../../src/nwb/array';
import { writeNwbFile } from '../../../src/nwb/file';
import { getGroup } from '../../../src/nwb/h5';

const dir = mkdtempSync(join(tmpdir(), 'fidelity-kinds-'));
const path = join(dir, 'k.nwb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 50;
const source = Float64Array.from({ length: n }, (_, i) => i / 7);
const doubled = source.map(v => v * 2);

beforeAll(async () => {
  await writeNwbFile(
    path,
    {
      identifier: 'k',
      sessionDescription: 'fidelity kinds',
      sessionStartTime: '2024-01-01T00:00:00+00:00'
    },
    async nwb => {
      const g = getGroup(nwb.ctx.file, '/acquisition', path);
      await writeArray(nwb.ctx, g, 'copied', source);
      await writeArray(nwb.ctx, g, 'doubled', doubled);
      await writeArray(nwb.ctx, g, 'column', { values: source, shape: [n, 1] });
      await writeArray(nwb.ctx, g, 'pairs', {
        values: Float64Array.from({ length: 2 * n }, (_, i) => i),
        shape: [n, 2]
      });
      await writeArray(nwb.ctx, g, 'short', source.subarray(0, n - 1));
      await writeArray(nwb.ctx, g, 'single', Float32Array.from(source));
    }
  );
});

describe('fidelity report kinds, shapes and dtypes', () => {
  it('labels each check by what its expected values are', async () => {
    const ledger = new FidelityLedger();
    const copied = ledger.expect('a.npy', '/acquisition/copied', source);
    const unchecked = ledger.expect(
      'a.npy',
      '/acquisition/doubled',
      doubled,
      '× 2'
    );
    const independent = ledger.expect(
      'a.npy',
      '/acquisition/doubled',
      new Recomputed(
        'twice the source',
        Float64Array.from(source, v => v + v)
      ),
      '× 2'
    );
    await ledger.verify(path, { worker: false, failOnMismatch: false });
    expect(copied).toMatchObject({
      kind: 'copied',
      equal: true,
      shape: [n],
      dtype: 'float64',
      expectedShape: [n],
      expectedDtype: 'float64'
    });
    expect(copied.against).toMatch(/source values as read from disk/);
    expect(unchecked).toMatchObject({ kind: 'derived-unchecked', equal: true });
    expect(unchecked.against).toMatch(/not independently checked/);
    expect(independent).toMatchObject({
      kind: 'derived-independent',
      equal: true
    });
    expect(independent.against).toBe(
      'independent recomputation: twice the source'
    );
  });

  it('does not call a broken transform equal when an independent recomputation exists', async () => {
    // The file holds `doubled`; the definition says "× 3": the transform was wrong.
    const ledger = new FidelityLedger();
    const broken = ledger.expect(
      'a.npy',
      '/acquisition/doubled',
      new Recomputed(
        'three times the source',
        source.map(v => v * 3)
      ),
      '× 3'
    );
    await ledger.verify(path, { worker: false, failOnMismatch: false });
    expect(broken.kind).toBe('derived-independent');
    expect(broken.equal).toBe(false);
    expect(broken.detail).toBe(
      `first difference at element 1: ${doubled[1]} stored, ${source[1] * 3} expected`
    );
  });

  it('fails on shape: (N, 1) for (N,), (N, 2) for (2N,), and truncated', async () => {
    const ledger = new FidelityLedger();
    const column = ledger.expect('a.npy', '/acquisition/column', source);
    const flat = ledger.expect(
      'a.npy',
      '/acquisition/pairs',
      Float64Array.from({ length: 2 * n }, (_, i) => i)
    );
    const pairs = ledger.expect('a.npy', '/acquisition/pairs', {
      values: Float64Array.from({ length: 2 * n }, (_, i) => i),
      shape: [n, 2]
    });
    const short = ledger.expect('a.npy', '/acquisition/short', source);
    await ledger.verify(path, { worker: false, failOnMismatch: false });
    expect(column).toMatchObject({ equal: false, shape: [n, 1] });
    expect(column.detail).toBe(`shape (${n}, 1) stored, (${n}) expected`);
    expect(flat.detail).toBe(`shape (${n}, 2) stored, (${2 * n}) expected`);
    expect(pairs).toMatchObject({ equal: true, shape: [n, 2] });
    expect(short.equal).toBe(false);
    expect(short.detail).toBe(`${n - 1} values stored, ${n} expected`);
  });

  it('fails a float32 dataset against float64 values, passes it against a float32 source', async () => {
    const ledger = new FidelityLedger();
    const rounded = ledger.expect('a.npy', '/acquisition/single', source);
    const f32 = ledger.expect(
      'a.npy',
      '/acquisition/single',
      Float32Array.from(source)
    );
    const widened = ledger.expect('a.npy', '/acquisition/single', {
      values: Float64Array.from(Float32Array.from(source)),
      dtype: 'float32'
    });
    // A dtype declared float32 does not excuse values that are not float32.
    const lying = ledger.expect('a.npy', '/acquisition/single', {
      values: source,
      dtype: 'float32'
    });
    await ledger.verify(path, { worker: false, failOnMismatch: false });
    expect(rounded).toMatchObject({
      equal: false,
      dtype: 'float32',
      expectedDtype: 'float64'
    });
    expect(f32).toMatchObject({ equal: true, expectedDtype: 'float32' });
    expect(widened.equal).toBe(true);
    expect(lying.equal).toBe(false);
    expect(lying.detail).toMatch(/^first difference at element 1: /);
  });

  it('fails the verification, naming the array, when any array differs (by default)', async () => {
    const ledger = new FidelityLedger();
    ledger.expect('a.npy', '/acquisition/copied', source);
    ledger.expect('b.npy', '/acquisition/column', source);
    const error = await ledger.verify(path).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(FidelityMismatchError);
    const mismatch = error as FidelityMismatchError;
    expect(mismatch.dataset).toBe('b.npy');
    expect(mismatch.mismatches.map(c => c.target)).toEqual([
      '/acquisition/column'
    ]);
    expect(mismatch.message).toMatch(
      /^b\.npy: \/acquisition\/column read back from the written file differs from the source values as read from disk: shape \(50, 1\) stored, \(50\) expected\./
    );
  });
});
