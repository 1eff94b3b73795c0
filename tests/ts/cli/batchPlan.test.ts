import { describe, expect, it } from 'vitest';

import {
  dandiName,
  parseEidList,
  parseShard,
  shardOf
} from '../../../src/cli/batchPlan';

describe('batch planning', () => {
  it('reads eid lists with comments and blank lines', () => {
    expect(parseEidList('a\n\n# header\nb  # note\n  c\n')).toEqual([
      'a',
      'b',
      'c'
    ]);
  });

  it('splits sessions into disjoint shards that cover them all', () => {
    const items = Array.from({ length: 11 }, (_, i) => `e${i}`);
    const shards = [0, 1, 2].map(i => shardOf(items, i, 3));
    expect(shards.flat().sort()).toEqual([...items].sort());
    expect(new Set(shards.flat()).size).toBe(items.length);
    expect(shards.map(s => s.length)).toEqual([4, 4, 3]);
  });

  it('validates i/N', () => {
    expect(parseShard('2/4')).toEqual([2, 4]);
    for (const bad of ['4/4', '1', '-1/2', 'a/b', '0/0']) {
      expect(() => parseShard(bad)).toThrow(/i\/N/);
    }
  });

  it('names files as the DANDI release does', () => {
    expect(dandiName('NYU_39', 'abc')).toBe(
      'sub-NYU-39/sub-NYU-39_ses-abc_desc-processed_behavior+ecephys.nwb'
    );
  });
});
