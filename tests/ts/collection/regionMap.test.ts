import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REGION_MAP_JSON } from '../../../src/collection/atlas/regionMapData';
import { regionMapFromAtlas } from '../../../src/collection/atlas/regionMapFromAtlas';

const ROOT = join(__dirname, '..', '..', '..');

describe('regionMapData.ts', () => {
  it('is what the bundled atlas tables give (re-run makeRegionMap.ts when they change)', async () => {
    const fresh = await regionMapFromAtlas(
      join(ROOT, 'jupyterlab_ibl_nwb', 'atlas')
    );
    const shipped = JSON.parse(REGION_MAP_JSON);
    expect(shipped).toEqual(fresh);
    // iblatlas: VISp5 is in Beryl VISp, Cosmos Isocortex; CA1 is its own Beryl region in HPF.
    expect(shipped.VISp5).toEqual(['VISp', 'Isocortex']);
    expect(shipped.CA1).toEqual(['CA1', 'HPF']);
    expect(shipped['DG-mo']).toEqual(['DG', 'HPF']);
  });
});
