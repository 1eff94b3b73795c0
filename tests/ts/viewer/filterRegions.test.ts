import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REGION_PARENTS } from '../../../src/viewer/filter/atlas/regionTreeData';
import { regionParentsFromAtlas } from '../../../src/viewer/filter/atlas/regionTreeFromAtlas';

const ATLAS = join(__dirname, '..', '..', '..', 'jupyterlab_ibl_nwb', 'atlas');

describe('regionTreeData.ts', () => {
  it('is what the bundled atlas table gives (re-run makeRegionTree.ts when it changes)', async () => {
    const fresh = await regionParentsFromAtlas(ATLAS);
    expect(REGION_PARENTS).toBe(fresh.map(([a, p]) => `${a}\t${p}`).join('\n'));
  });

  it('agrees with the CSV read independently (structure_id_path)', () => {
    // A plain split is enough for the id, acronym and path columns of these rows.
    const lines = readFileSync(join(ATLAS, 'allen_structure_tree.csv'), 'utf8')
      .split('\n')
      .slice(1);
    const parentOf = new Map(
      REGION_PARENTS.split('\n').map(l => l.split('\t') as [string, string])
    );
    const acronymById = new Map<string, string>();
    const pathOf = new Map<string, string[]>();
    for (const line of lines.filter(l => l && !l.includes('"'))) {
      const cells = line.split(',');
      acronymById.set(cells[0], cells[3]);
      pathOf.set(cells[3], cells[12].split('/').filter(Boolean));
    }
    let checked = 0;
    for (const [acronym, ids] of pathOf) {
      if (ids.length > 1) {
        expect(parentOf.get(acronym), acronym).toBe(
          acronymById.get(ids[ids.length - 2])
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1200);
  });
});
