import { describe, expect, it } from 'vitest';

import {
  evaluateFilter,
  type IColumnSource,
  type IFilterColumn
} from '../../../src/viewer/filter/evaluate';
import { parseFilter } from '../../../src/viewer/filter/parse';
import {
  loadRegionTree,
  RegionTree
} from '../../../src/viewer/filter/regionTree';

/** A units table of six units held in memory. */
const COLUMNS: Record<string, IFilterColumn> = {
  firing_rate: { numeric: true, values: [0.5, 3, NaN, 12, 7, 1] },
  label: { numeric: true, values: [1, 0.66, 1, 0.33, 1, 0.66] },
  kilosort2_label: {
    numeric: false,
    values: ['good', 'mua', 'good', 'noise', 'good', 'mua']
  },
  'electrodes.location': {
    numeric: false,
    values: ['CA1', 'CA3', 'DG-mo', 'VISp5', 'LP', 'CA1']
  },
  region: {
    numeric: false,
    regions: true,
    values: ['CA1', 'CA3', 'DG-mo', 'VISp5', 'LP', 'CA1']
  }
};

class Table implements IColumnSource {
  readonly rows = 6;
  readonly asked: string[] = [];
  names() {
    return Object.keys(COLUMNS);
  }
  async column(name: string) {
    this.asked.push(name);
    return Object.prototype.hasOwnProperty.call(COLUMNS, name)
      ? COLUMNS[name]
      : undefined;
  }
}

async function kept(text: string, table = new Table()): Promise<number[]> {
  return [
    ...(await evaluateFilter(parseFilter(text), table, loadRegionTree))
  ].sort((a, b) => a - b);
}

describe('a filter on a units table', () => {
  it('compares numbers, with NaN false except != (as pandas)', async () => {
    expect(await kept('firing_rate > 2')).toEqual([1, 3, 4]);
    expect(await kept('firing_rate <= 3')).toEqual([0, 1, 5]);
    expect(await kept('firing_rate != 3')).toEqual([0, 2, 3, 4, 5]);
    expect(await kept('not firing_rate > 2')).toEqual([0, 2, 5]);
    expect(await kept('firing_rate == nan')).toEqual([2]);
    expect(await kept('firing_rate != nan')).toEqual([0, 1, 3, 4, 5]);
    expect(await kept('label in [0.66, 0.33]')).toEqual([1, 3, 5]);
  });

  it('tests text and combines with and / or / not and parentheses', async () => {
    expect(await kept('kilosort2_label == "good"')).toEqual([0, 2, 4]);
    expect(await kept('kilosort2_label not in ["noise"]')).toEqual([
      0, 1, 2, 4, 5
    ]);
    expect(await kept('electrodes.location startswith "CA"')).toEqual([
      0, 1, 5
    ]);
    expect(await kept('electrodes.location contains "-"')).toEqual([2]);
    expect(await kept('electrodes.location endswith "5"')).toEqual([3]);
    expect(
      await kept(
        'kilosort2_label == "good" and (firing_rate > 5 or label < 0.5) or firing_rate < 1'
      )
    ).toEqual([0, 4]);
  });

  it('matches a brain region at any level of the Allen tree', async () => {
    expect(await kept('region in ["CA"]')).toEqual([0, 1, 5]);
    expect(await kept('region == "HPF"')).toEqual([0, 1, 2, 5]);
    expect(await kept('region != "HPF"')).toEqual([3, 4]);
    expect(await kept('region in ["Isocortex", "TH"]')).toEqual([3, 4]);
    expect(await kept('electrodes.location under "DG"')).toEqual([2]);
    // On a plain column `==` stays exact.
    expect(await kept('electrodes.location == "CA"')).toEqual([]);
  });

  it('says which column is unknown, where, and refuses mixed types', async () => {
    await expect(kept('firing_rat > 1')).rejects.toThrow(
      /unknown column "firing_rat" \(columns: firing_rate, label,.*\) at position 1/
    );
    await expect(kept('label > 1 and constructor == 1')).rejects.toThrow(
      /unknown column "constructor" .* at position 15/
    );
    await expect(kept('firing_rate > "3"')).rejects.toThrow(
      /column "firing_rate" holds numbers/
    );
    await expect(kept('kilosort2_label == 1')).rejects.toThrow(
      /holds text: put 1 in quotes/
    );
    await expect(kept('region in ["Hippocampus"]')).rejects.toThrow(
      /"Hippocampus" is not an Allen brain region/
    );
  });

  it('reads only the columns the filter names', async () => {
    const table = new Table();
    await kept('label > 0.5', table);
    expect(table.asked).toEqual(['label']);
  });
});

describe('the Allen region tree', () => {
  it('holds the bundled iblatlas hierarchy', async () => {
    const tree = await loadRegionTree();
    expect(tree.within('CA1', 'CA')).toBe(true);
    expect(tree.within('CA3', 'HPF')).toBe(true);
    expect(tree.within('VISp5', 'Isocortex')).toBe(true);
    expect(tree.within('VISp5', 'root')).toBe(true);
    expect(tree.within('DG-mo', 'CA')).toBe(false);
    expect(tree.within('LP', 'HPF')).toBe(false);
    expect(tree.within('CA', 'CA1')).toBe(false);
    expect(tree.has('CUL4 5')).toBe(true);
    expect(tree.has('Hippocampus')).toBe(false);
  });

  it('stops on a cyclic table instead of hanging', () => {
    const tree = new RegionTree([
      ['a', 'b'],
      ['b', 'a']
    ]);
    expect(tree.within('a', 'c')).toBe(false);
  });
});
