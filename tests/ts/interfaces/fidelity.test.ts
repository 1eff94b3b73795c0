import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { FidelityLedger } from '../../../src/convert/fidelity/ledger';
import { writeNwbFile } from '../../../src/nwb/file';
import { writeTimeSeries } from '../../../src/nwb/timeseries';

const dir = mkdtempSync(join(tmpdir(), 'fidelity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fidelity ledger', () => {
  it('reads arrays back from the closed file and reports the first difference', async () => {
    const path = join(dir, 'f.nwb');
    const values = Float64Array.of(1, 2, NaN, 4);
    await writeNwbFile(
      path,
      {
        identifier: 'x',
        sessionDescription: 'fidelity test',
        sessionStartTime: '2024-01-01T00:00:00+00:00'
      },
      async nwb => {
        await writeTimeSeries(nwb.acquisition, {
          name: 'series',
          data: values,
          unit: 'a.u.',
          timing: { rate: 10 }
        });
      }
    );
    const ledger = new FidelityLedger();
    const same = ledger.expect('src', '/acquisition/series/data', values);
    const other = ledger.expect('src', '/acquisition/series/data', [
      1,
      2,
      NaN,
      5
    ]);
    const short = ledger.expect('src', '/acquisition/series/data', [1, 2]);
    const missing = ledger.expect('src', '/acquisition/nothing', [1]);
    const parts = ledger.expect('src', '/acquisition/series/data', {
      parts: [Float64Array.of(1), Float64Array.of(), Float64Array.of(2, NaN, 4)]
    });
    const badParts = ledger.expect('src', '/acquisition/series/data', {
      parts: [Float64Array.of(1, 2), Float64Array.of(0, 4)]
    });
    expect(same.equal).toBe(false);
    await ledger.verify(path, { failOnMismatch: false });
    expect(same).toMatchObject({ equal: true, elements: 4 });
    expect(same.detail).toBeUndefined();
    expect(other.equal).toBe(false);
    expect(other.detail).toMatch(/element 3: 4 stored, 5 expected/);
    expect(short.detail).toMatch(/4 values stored, 2 expected/);
    expect(missing.detail).toMatch(/not a dataset/);
    expect(parts.equal).toBe(true);
    expect(badParts.detail).toMatch(/element 2: NaN stored, 0 expected/);
  });
});
