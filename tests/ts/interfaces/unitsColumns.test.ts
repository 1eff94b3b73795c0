import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  gather,
  groupSpikes,
  metricRows,
  neighbourChannels
} from '../../../src/convert/interfaces/spikeSorting/unitsColumns';

describe('spikes grouped by cluster', () => {
  it('keeps every spike once, time order within a unit, units by cluster id', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 20 }), { maxLength: 300 }),
        clusters => {
          const g = groupSpikes(clusters, 'spikes.clusters.npy');
          expect(Array.from(g.clusterIds)).toEqual(
            [...new Set(clusters)].sort((a, b) => a - b)
          );
          let at = 0;
          g.clusterIds.forEach((cid, u) => {
            const mine = Array.from(g.order.subarray(at, at + g.counts[u]));
            const expected = clusters.flatMap((c, i) => (c === cid ? [i] : []));
            expect(mine).toEqual(expected);
            at += g.counts[u];
          });
          expect(at).toBe(clusters.length);
        }
      )
    );
  });

  it('rejects negative or fractional cluster ids naming the dataset', () => {
    expect(() =>
      groupSpikes([0, -1], 'alf/probe00/spikes.clusters.npy')
    ).toThrow(/alf\/probe00\/spikes.clusters.npy: spike 1 has cluster id -1/);
  });

  it('gathers and scales values in the given order', () => {
    expect(Array.from(gather([1, 2, 3], [2, 0], 10))).toEqual([30, 10]);
  });
});

describe('metrics joined on cluster id', () => {
  it('finds each unit row whatever the table order', () => {
    expect(Array.from(metricRows([5, 3, 9], [3, 9], 'm.pqt'))).toEqual([1, 2]);
  });

  it('fails when a cluster with spikes has no metrics row', () => {
    expect(() => metricRows([0, 1], [2], 'clusters.metrics.pqt')).toThrow(
      /clusters.metrics.pqt: has no row for cluster 2/
    );
  });
});

describe('channels near the peak channel', () => {
  it('starts with the peak and keeps channels within the radius', () => {
    const x = [0, 0, 0, 300];
    const y = [0, 100, 250, 0];
    expect(neighbourChannels(0, x, y, 200)).toEqual([0, 1]);
    expect(neighbourChannels(1, x, y, 200)).toEqual([1, 0, 2]);
  });
});
