import { describe, expect, it } from 'vitest';

import { interleave, keypointsOf } from '../../../src/convert/interfaces/pose';
import type { ITable } from '../../../src/one/tables';

describe('pose keypoints', () => {
  it('finds keypoints that have x, y and likelihood columns', () => {
    const table: ITable = {
      numRows: 0,
      indexColumns: [],
      metadata: {},
      columns: [
        'nose_tip_x',
        'nose_tip_y',
        'nose_tip_likelihood',
        'paw_l_x'
      ].map(name => ({ name, dtype: 'float64', values: new Float64Array(0) }))
    };
    expect(keypointsOf(table)).toEqual(['nose_tip']);
  });

  it('interleaves x, y and hides points below the threshold only when asked', () => {
    const x = Float64Array.of(1, 2, 3);
    const y = Float64Array.of(4, 5, 6);
    const likelihood = Float64Array.of(0.95, 0.5, NaN);
    expect(Array.from(interleave(x, y, likelihood))).toEqual([
      1, 4, 2, 5, 3, 6
    ]);
    expect(Array.from(interleave(x, y, likelihood, 0.9))).toEqual([
      1,
      4,
      NaN,
      NaN,
      3,
      6
    ]);
  });
});
