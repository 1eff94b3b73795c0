import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  INNER_KEPT,
  valuePage,
  valueRows,
  WHOLE_VALUES
} from '../../../src/viewer/views/datasetValues';
import { openSample } from './openSample';
import { sample } from './samples';
import { writeWithPython } from './pyFixture';

const SITE =
  'nwb-explorer/test/nwb_files/pynwb_test_files/test_OptogeneticStimulusSite.nwb';

describe('dataset values in the inspector', () => {
  it("shows a stimulus site's scalar values (number and string)", async () => {
    const { source, close } = await openSample(sample(SITE));
    try {
      const shown: Record<string, [string, string][]> = {};
      for (const name of ['excitation_lambda', 'location']) {
        const path = `/general/optogenetics/stim_site/${name}`;
        const page = valuePage((await source.info(path)).shape)!;
        shown[name] = valueRows(await source.read(path, page.slice), page);
      }
      expect(shown.excitation_lambda).toEqual([['value', '300']]);
      expect(shown.location).toEqual([['value', 'in the brain']]);
    } finally {
      close();
    }
  });

  it('pages a large 2-D dataset along its rows, inner dimensions cut', async () => {
    const { source, close } = await openSample(
      writeWithPython(
        'big.h5',
        `
import h5py, numpy as np
with h5py.File(OUT, "w") as f:
    f["big"] = np.arange(5000 * 40, dtype="i4").reshape(5000, 40)
    f["names"] = np.array([b"a", b"bb", b"ccc"])
`
      )
    );
    try {
      const shape = (await source.info('/big')).shape;
      const page = valuePage(shape, 3)!;
      expect(page.innerClipped).toBe(true);
      expect(page.perRow).toBe(INNER_KEPT);
      const rows = valueRows(await source.read('/big', page.slice), page);
      const firstRow = page.first;
      expect(rows[0]).toEqual([
        String(firstRow),
        `[${Array.from({ length: INNER_KEPT }, (_, c) => firstRow * 40 + c).join(', ')}]`
      ]);
      const names = valuePage((await source.info('/names')).shape)!;
      expect(
        valueRows(await source.read('/names', names.slice), names)
      ).toEqual([
        ['0', 'a'],
        ['1', 'bb'],
        ['2', 'ccc']
      ]);
    } finally {
      close();
    }
  });

  it('pages cover every row once and stay small', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), {
          minLength: 1,
          maxLength: 3
        }),
        fc.integer({ min: 1, max: 5000 }),
        (inner, rows) => {
          const shape = [rows, ...inner.slice(1)];
          const first = valuePage(shape)!;
          const seen: number[] = [];
          for (let p = 0; p < first.pages; p++) {
            const page = valuePage(shape, p)!;
            expect(page.rows * page.perRow).toBeLessThanOrEqual(
              Math.max(WHOLE_VALUES, page.perRow)
            );
            for (let r = 0; r < page.rows; r++) {
              seen.push(page.first + r);
            }
          }
          expect(seen).toEqual(Array.from({ length: rows }, (_, r) => r));
        }
      ),
      { numRuns: 200, seed: 2 }
    );
    expect(valuePage(null)).toBeNull();
    expect(valuePage([0, 3])).toBeNull();
    expect(valuePage([])?.scalar).toBe(true);
  });
});
