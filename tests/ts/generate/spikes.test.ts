import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  placeChannels,
  readStructureTree
} from '../../../src/one/generate/atlas';
import { Rng } from '../../../src/one/generate/rng';
import { makeClusters, spikeBlocks } from '../../../src/one/generate/spikes';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const tree = readStructureTree(
  path.join(FIXTURES, 'iblatlas/iblatlas/allen_structure_tree.csv')
);
const channels = placeChannels(new Rng(2, 'layout'), tree, 0);
const clusters = makeClusters(new Rng(2, 'clusters'), channels, 80);
const DURATION = 600;
const blocks = [
  ...spikeBlocks(new Rng(2, 'spikes'), clusters, 0, DURATION, 30)
];
const times = blocks.flatMap(b => Array.from(b.times));
const ids = blocks.flatMap(b => Array.from(b.clusters));

describe('channels', () => {
  it('find every region of every insertion path in the Allen tree', () => {
    for (let p = 0; p < 4; p++) {
      const ch = placeChannels(new Rng(p, 'paths'), tree, p);
      const inBrain = Array.from(ch.brainLocationIds).filter(id => id !== 0n);
      expect(inBrain.length).toBeGreaterThan(150);
      expect(ch.acronyms.every(a => tree.get(a) !== undefined)).toBe(true);
    }
    expect(() => placeChannels(new Rng(1), new Map(), 0)).toThrow(
      /no region with acronym/
    );
  });

  it('use the Neuropixels 1.0 layout and real Allen regions along the insertion', () => {
    expect(channels.localCoordinates.length).toBe(768);
    expect(Array.from(channels.localCoordinates.subarray(0, 8))).toEqual([
      43, 20, 11, 20, 59, 40, 27, 40
    ]);
    const ids = new Set(Array.from(channels.brainLocationIds, Number));
    // path 0: thalamus at the tip up to visual cortex; CA1 (382) and LP (218) on the way
    expect(ids.has(382)).toBe(true);
    expect(ids.has(218)).toBe(true);
    expect(channels.acronyms[0]).toBe('VPM');
    // deeper channels (lower y) have lower DV
    expect(channels.mlapdv[2]).toBeLessThan(channels.mlapdv[3 * 383 + 2]);
  });
});

describe('spikes', () => {
  it('are sorted in time and inside the recording', () => {
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(times[0]).toBeGreaterThanOrEqual(0);
    expect(times[times.length - 1]).toBeLessThan(DURATION);
  });

  it('respect every cluster refractory period', () => {
    const last = new Float64Array(80).fill(-Infinity);
    let minRatio = Infinity;
    times.forEach((t, i) => {
      const c = ids[i];
      minRatio = Math.min(minRatio, (t - last[c]) / clusters.refractory[c]);
      last[c] = t;
    });
    expect(minRatio).toBeGreaterThanOrEqual(1);
  });

  it('fire at realistic rates close to each cluster rate', () => {
    const counts = new Float64Array(80);
    ids.forEach(c => counts[c]++);
    const mean = times.length / DURATION / 80;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(15);
    for (let c = 0; c < 80; c++) {
      const expected = clusters.rate[c] * DURATION;
      if (expected > 2000) {
        // slow rate drift widens the spread beyond Poisson; 35 % is generous
        expect(Math.abs(counts[c] - expected) / expected).toBeLessThan(0.35);
      }
      expect(clusters.rate[c]).toBeGreaterThanOrEqual(0.05);
      expect(clusters.rate[c]).toBeLessThanOrEqual(80);
    }
  });

  it('have amplitudes in volts and depths near their cluster', () => {
    for (const b of blocks.slice(0, 2)) {
      expect(b.amps.every(a => a > 5e-6 && a < 2e-3)).toBe(true);
      expect(
        b.depths.every(
          (d, j) => Math.abs(d - clusters.depths[b.clusters[j]]) < 60
        )
      ).toBe(true);
    }
  });

  it('repeat for the same seed', () => {
    const again = [...spikeBlocks(new Rng(2, 'spikes'), clusters, 0, 60, 30)];
    expect(Array.from(again[0].times)).toEqual(Array.from(blocks[0].times));
  });
});
