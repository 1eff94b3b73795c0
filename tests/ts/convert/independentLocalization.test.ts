/**
 * The independent CCF recomputation follows iblatlas' geometry (bregma landmark, axis
 * directions, AP-DV-ML order) and equals the converter's transform bit for bit, as the
 * fidelity ledger's exact comparison needs; a transform with one axis wrong differs.
 */
import { describe, expect, it } from 'vitest';

import type { Recomputed } from '../../../src/convert/fidelity/expected';
import { recomputeCcfColumns } from '../../../src/convert/fidelity/independent/localization';
import { ccfFromBregma } from '../../../src/convert/interfaces/spikeSorting/electrodes';
import { iblColumns } from '../../../src/convert/interfaces/localization/localizationRows';

const values = (r: Recomputed) => Array.from(r.expected as ArrayLike<number>);

describe('independent CCF recomputation', () => {
  it('puts bregma at its Allen CCF landmark and turns the axes as iblatlas does', () => {
    // rows of (ML, AP, DV) µm from bregma: bregma, 100 right, 100 anterior, 100 dorsal
    const mlapdv = [0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 100];
    const [ap, dv, ml] = recomputeCcfColumns(mlapdv).map(values);
    expect([ap[0], dv[0], ml[0]]).toEqual([5400, 332, 5739]);
    expect(ml[1] - ml[0]).toBe(100); // CCF z: right positive
    expect(ap[2] - ap[0]).toBe(-100); // CCF x: posterior positive
    expect(dv[3] - dv[0]).toBe(-100); // CCF y: ventral positive
  });

  it("equals the converter's transform exactly, NaN included", () => {
    const mlapdv = Float64Array.from({ length: 3000 }, (_, i) =>
      i === 7 ? NaN : Math.sin(i * 12.9898) * 6000.123456789
    );
    const ours = ccfFromBregma(iblColumns(mlapdv));
    recomputeCcfColumns(mlapdv).forEach((column, k) => {
      expect(values(column)).toEqual(Array.from(ours[k]));
    });
  });

  it('differs from a transform with an axis turned the wrong way', () => {
    const mlapdv = [1200, -2000, -3000];
    const wrong = [5400 + -2000, 332 - -3000, 5739 + 1200];
    const right = recomputeCcfColumns(mlapdv).map(c => values(c)[0]);
    expect(right).not.toEqual(wrong);
    expect(right).toEqual([7400, 3332, 6939]);
  });
});
