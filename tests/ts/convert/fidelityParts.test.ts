import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { FidelityLedger } from '../../../src/convert/fidelity/ledger';
import { writeNwbFile } from '../../../src/nwb/file';
import { writeTimeSeries } from '../../../src/nwb/timeseries';

const dir = mkdtempSync(join(tmpdir(), 'fidelity-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fidelity ledger on arrays read back in several slices', () => {
  it('compares parts across slice boundaries, float32 sources and NaN', async () => {
    // > 1 Mi elements: read back in more than one slice; compressed on workers.
    const n = (1 << 20) + 4099;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = i % 1000 === 0 ? NaN : i * 0.1;
    }
    const f32 = Float32Array.from(values.subarray(0, 70000));
    const path = join(dir, 'parts.nwb');
    await writeNwbFile(
      path,
      {
        identifier: 'x',
        sessionDescription: 'fidelity parts',
        sessionStartTime: '2024-01-01T00:00:00+00:00'
      },
      async nwb => {
        await writeTimeSeries(nwb.acquisition, {
          name: 'series',
          data: values,
          unit: 'a.u.',
          timing: { rate: 10 }
        });
        await writeTimeSeries(nwb.acquisition, {
          name: 'single',
          data: f32,
          unit: 'a.u.',
          timing: { rate: 10 }
        });
      },
      { storage: { deflateWorkers: 2, shuffle: true } }
    );
    const cut = [0, 5, 5, (1 << 20) - 3, (1 << 20) + 11, n];
    const parts = cut.slice(1).map((end, i) => values.slice(cut[i], end));
    const ledger = new FidelityLedger();
    const whole = ledger.expect('s', '/acquisition/series/data', values);
    const split = ledger.expect('s', '/acquisition/series/data', { parts });
    const wrong = parts.map(p => p.slice());
    wrong[3][13] = -1; // element (1 << 20) - 3 + 13, in the second slice read back
    const late = ledger.expect('s', '/acquisition/series/data', {
      parts: wrong
    });
    // float64 values that only round to the float32 dataset are not its source...
    const rounded = ledger.expect(
      's',
      '/acquisition/single/data',
      values.subarray(0, 70000)
    );
    // ...a float32 source widened on reading is (it holds exactly float32 values).
    const widened = ledger.expect('s', '/acquisition/single/data', {
      values: Float64Array.from(f32),
      dtype: 'float32'
    });
    await ledger.verify(path, { failOnMismatch: false });
    expect(whole).toMatchObject({ equal: true, elements: n });
    expect(split).toMatchObject({ equal: true, elements: n });
    expect(rounded).toMatchObject({
      equal: false,
      dtype: 'float32',
      expectedDtype: 'float64',
      detail: 'float32 stored for float64 values: the source would be rounded'
    });
    expect(widened).toMatchObject({ equal: true, elements: 70000 });
    expect(late.equal).toBe(false);
    const at = (1 << 20) - 3 + 13;
    expect(late.detail).toBe(
      `first difference at element ${at}: ${values[at]} stored, -1 expected`
    );
  });
});
