import { describe, expect, it } from 'vitest';

import { findNode } from '../../../src/viewer/model/tree';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import {
  coordinatePairs,
  probeOffsets
} from '../../../src/viewer/views/electrodesView';
import { openSample } from './openSample';
import { sample } from './samples';

describe('probe layout', () => {
  it('sets probes side by side only for probe-relative x', () => {
    const xs = [16, 48, 16, 48];
    const probes = ['probe00', 'probe00', 'probe01', 'probe01'];
    expect(probeOffsets('rel_x', xs, probes)).toEqual([0, 0, 64, 64]);
    expect(probeOffsets('x', xs, probes)).toEqual([0, 0, 0, 0]);
    expect(probeOffsets('rel_x', xs)).toEqual([0, 0, 0, 0]);
  });

  it('finds the coordinate columns of a real electrodes table', async () => {
    const { source, close } = await openSample(
      sample('nwb2bids/docs/expected_files/sub-001_ses-A_ecephys.nwb')
    );
    try {
      const model = await loadNwbFile(source);
      const electrodes = findNode(
        model.tree,
        '/general/extracellular_ephys/electrodes'
      )!;
      const names = electrodes.children.map(c => c.name);
      const expected = [
        ['rel_x', 'rel_y'],
        ['x', 'y'],
        ['y', 'z']
      ].filter(([a, b]) => names.includes(a) && names.includes(b));
      expect(coordinatePairs(electrodes)).toEqual(expected);
    } finally {
      close();
    }
  });
});
