import { describe, expect, it } from 'vitest';

import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { cannotDisplayReason } from '../../../src/viewer/views/fallbackView';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import { searchTree, treeChildren } from '../../../src/viewer/widget/treeNodes';
import { openSample } from './openSample';
import { sample } from './samples';

async function load(name: string): Promise<INwbFileModel> {
  const { source, close } = await openSample(sample(name));
  try {
    return await loadNwbFile(source);
  } finally {
    close();
  }
}

const POSE =
  'ndx-pose/src/pynwb/tests/back_compat/0.3.0_poseestimation_two_cameras.nwb';
const ECEPHYS = 'nwb2bids/docs/expected_files/sub-001_ses-A_ecephys.nwb';

describe('default views', () => {
  const registry = createDefaultRegistry();
  const defaultView = (model: INwbFileModel, path: string) =>
    registry.viewsFor(findNode(model.tree, path)!, model).map(v => v.id);

  it('follow the type ancestry, extensions included', async () => {
    const pose = await load(POSE);
    expect(defaultView(pose, '/')[0]).toBe('overview');
    // PoseEstimationSeries (ndx-pose) → SpatialSeries → TimeSeries: plotted.
    expect(
      defaultView(pose, '/processing/behavior/PoseEstimation/front_left_paw')
    ).toEqual(['timeseries', 'xy', 'inspect']);
    // The ndx-pose container plots each of its series.
    expect(defaultView(pose, '/processing/behavior/PoseEstimation')).toEqual([
      'behavior',
      'inspect'
    ]);
    // A processing module holding series plots them too.
    expect(defaultView(pose, '/processing/behavior')[0]).toBe('behavior');
    // Skeletons have no richer view: their fields and members.
    expect(defaultView(pose, '/processing/behavior/Skeletons')[0]).toBe(
      'fields'
    );
  });

  it('offer a raster, a units table and the generic table for Units; the PSTH, raster grid and tuning curves need trials', async () => {
    const units = await load(
      'neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb'
    );
    // Its units have waveform_mean: the waveform view applies too.
    expect(defaultView(units, '/units')).toEqual([
      'raster',
      'units',
      'table',
      'summary',
      'unit-waveforms',
      'inspect'
    ]);
    const withTrials = await load('matnwb/ecephys_tutorial.nwb');
    expect(defaultView(withTrials, '/units')).toEqual([
      'raster',
      'psth',
      'units',
      'table',
      'raster-grid',
      'tuning',
      'summary',
      'inspect'
    ]);
  });

  it('offer a table and a timeline for any TimeIntervals', async () => {
    const intervals = await load(
      'nwb-explorer/test/nwb_files/pynwb_test_files/test_TimeIntervals.nwb'
    );
    expect(defaultView(intervals, '/intervals/epochs')).toEqual([
      'table',
      'timeline',
      'summary',
      'inspect'
    ]);
  });

  it('show tables for every DynamicTable subtype, fields for other containers, and explain the rest', async () => {
    const ecephys = await load(ECEPHYS);
    expect(
      defaultView(ecephys, '/general/extracellular_ephys/electrodes')[0]
    ).toBe('table');
    const device = findNode(ecephys.tree, '/general/devices')!.children[0];
    // A Device has no richer view: its fields, as nwbwidgets shows them.
    expect(defaultView(ecephys, device.path)).toEqual(['fields', 'inspect']);
    expect(cannotDisplayReason(device)).toMatch(
      /no view handles Device yet \(type ancestry: Device → NWBContainer/
    );
    expect(cannotDisplayReason(findNode(ecephys.tree, '/general')!)).toMatch(
      /plain HDF5 group/
    );
  });
});

describe('the neurodata tree', () => {
  it('hides table columns and lists typed objects and the groups leading to them', async () => {
    const ecephys = await load(ECEPHYS);
    const electrodes = findNode(
      ecephys.tree,
      '/general/extracellular_ephys/electrodes'
    )!;
    expect(electrodes.children.length).toBeGreaterThan(1);
    expect(treeChildren(electrodes)).toEqual([]);
    const top = treeChildren(ecephys.tree).map(n => n.name);
    expect(top).toContain('acquisition');
    expect(top).not.toContain('session_description');
  });

  it('finds objects by any type in their ancestry', async () => {
    const ecephys = await load(ECEPHYS);
    const hits = searchTree(ecephys.tree, 'timeseries').map(
      n => n.neurodataType
    );
    expect(hits).toContain('ElectricalSeries');
    expect(searchTree(ecephys.tree, 'no such thing')).toEqual([]);
  });
});
