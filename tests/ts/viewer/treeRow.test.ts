import { describe, expect, it } from 'vitest';

import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { rowTitle } from '../../../src/viewer/widget/treeNodes';
import { openSample } from './openSample';
import { sample } from './samples';

describe('tree row hover', () => {
  it('names the object first (the row may cut the name off), then type, path and description', async () => {
    const { source, close } = await openSample(
      sample('neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb')
    );
    try {
      const model = await loadNwbFile(source);
      const shank = findNode(
        model.tree,
        '/general/extracellular_ephys/shank2'
      )!;
      expect(rowTitle(shank).split('\n')).toEqual([
        'shank2 (ElectrodeGroup)',
        '/general/extracellular_ephys/shank2',
        'electrode group for shank 2'
      ]);
      expect(rowTitle(model.tree).split('\n')[0]).toBe('/ (NWBFile)');
    } finally {
      close();
    }
  });
});
