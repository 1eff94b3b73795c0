import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  countSpikes,
  gather,
  groupSpikes,
  scatterByCluster
} from '../../../src/convert/interfaces/spikeSorting/unitsColumns';

describe('spike values scattered unit by unit', () => {
  it('equals gathering by the grouped order, scaled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 30 }), { maxLength: 400 }),
        fc.constantFrom(1, 1e6),
        (clusters, scale) => {
          const values = Float64Array.from(clusters, (c, i) => i + c / 100);
          const { starts, counts, clusterIds } = countSpikes(clusters, 'c');
          const g = groupSpikes(clusters, 'c');
          expect(Array.from(counts)).toEqual(Array.from(g.counts));
          expect(Array.from(clusterIds)).toEqual(Array.from(g.clusterIds));
          expect(
            Array.from(scatterByCluster(values, clusters, starts, scale))
          ).toEqual(Array.from(gather(values, g.order, scale)));
        }
      )
    );
  });

  it('refuses values that do not match the spikes', () => {
    const { starts } = countSpikes([0, 1], 'c');
    expect(() => scatterByCluster(Float64Array.of(1), [0, 1], starts)).toThrow(
      /1 values for 2 spike clusters/
    );
  });
});
