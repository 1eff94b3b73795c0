import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { buildAtlas, loadAtlas } from '../../../src/convert/session/atlas';

describe('brain regions', () => {
  it('maps a region to its nearest Beryl and Cosmos ancestors', () => {
    const atlas = buildAtlas(
      new Map([
        [997, { acronym: 'root', name: 'root', path: [997] }],
        [315, { acronym: 'Isocortex', name: 'Isocortex', path: [997, 315] }],
        [
          993,
          {
            acronym: 'MOs',
            name: 'Secondary motor area',
            path: [997, 315, 993]
          }
        ],
        [
          1085,
          {
            acronym: 'MOs6b',
            name: 'MOs layer 6b',
            path: [997, 315, 993, 1085]
          }
        ]
      ]),
      new Set([993]),
      new Set([315])
    );
    expect(atlas.region(-1085)).toEqual({
      acronym: 'MOs6b',
      name: 'MOs layer 6b',
      beryl: 'MOs',
      cosmos: 'Isocortex'
    });
    expect(atlas.region(997).beryl).toBe('root');
    expect(atlas.region(0).acronym).toBe('void');
  });

  it('reads the iblatlas tables', async () => {
    const dir = join(
      __dirname,
      '../../../../shared/fixtures/iblatlas/iblatlas'
    );
    const atlas = await loadAtlas(dir);
    expect(atlas.region(382)).toMatchObject({ acronym: 'CA1', cosmos: 'HPF' });
    expect(atlas.region(10)).toMatchObject({ acronym: 'SCig', beryl: 'SCm' });
  });
});
