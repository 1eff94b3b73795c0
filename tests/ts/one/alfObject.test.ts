import { describe, expect, it } from 'vitest';

import {
  assembleObject,
  dimensionsConsistent,
  interpolateTimestamps
} from '../../../src/one/alfObject';
import { AmbiguousDatasetError } from '../../../src/one/errors';
import { INdArray } from '../../../src/one/npy';

const vec = (values: number[], shape = [values.length]): INdArray => ({
  dtype: 'float64',
  shape,
  data: Float64Array.from(values)
});

describe('ALF object assembly', () => {
  it('keys files by attribute, timescale and extra; tables override and pair columns', () => {
    const table = {
      numRows: 2,
      indexColumns: [],
      metadata: {},
      columns: [
        {
          name: 'intervals_0',
          dtype: 'float64' as const,
          values: Float64Array.from([0, 2])
        },
        {
          name: 'intervals_1',
          dtype: 'float64' as const,
          values: Float64Array.from([1, 3])
        },
        {
          name: 'choice',
          dtype: 'float64' as const,
          values: Float64Array.from([1, -1])
        }
      ]
    };
    const obj = assembleObject([
      {
        name: 'alf/_ibl_trials.choice.npy',
        content: { kind: 'array', array: vec([9, 9]) }
      },
      {
        name: 'alf/_ibl_trials.goCue_times_bpod.raw.npy',
        content: { kind: 'array', array: vec([5, 6]) }
      },
      { name: 'alf/_ibl_trials.table.pqt', content: { kind: 'table', table } }
    ]);
    expect(Object.keys(obj).sort()).toEqual([
      'choice',
      'goCue_times_bpod.raw',
      'intervals'
    ]);
    expect(obj.intervals).toEqual(vec([0, 1, 2, 3], [2, 2]));
    expect(obj.choice).toMatchObject({ data: Float64Array.from([1, -1]) });
    expect(() =>
      assembleObject(
        [
          { name: 'a.b.x.npy', content: { kind: 'array', array: vec([1]) } },
          { name: 'a.b.y.npy', content: { kind: 'array', array: vec([1]) } }
        ],
        true
      )
    ).toThrow(AmbiguousDatasetError);
  });

  it('interpolates (2, 2) timestamps like numpy.interp and checks dimensions', () => {
    expect(Array.from(interpolateTimestamps([0, 10, 4, 30], 6))).toEqual([
      10, 15, 20, 25, 30, 30
    ]);
    const obj = assembleObject([
      {
        name: 'x.values.npy',
        content: { kind: 'array', array: vec([1, 2, 3, 4, 5]) }
      },
      {
        name: 'x.timestamps.npy',
        content: { kind: 'array', array: vec([0, 0, 4, 2], [2, 2]) }
      }
    ]);
    expect(obj.timestamps).toEqual(vec([0, 0.5, 1, 1.5, 2]));
    expect(
      dimensionsConsistent({ a: vec([1, 2]), b: vec([1]), c: vec([1, 2, 3]) })
    ).toBe(false);
    expect(
      dimensionsConsistent({
        a: vec([1, 2, 3]),
        timestamps: vec([0, 1, 2, 3, 4, 5], [3, 2])
      })
    ).toBe(false);
  });
});
