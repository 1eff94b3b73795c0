import { describe, expect, it } from 'vitest';

import {
  channelGroups,
  channelPage,
  channelRuns,
  readChannelColumns,
  type IChannelColumn
} from '../../../src/viewer/ecephys/channelGroups';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';
import { sample } from './samples';

const column = (name: string, values: (string | number)[]): IChannelColumn => ({
  name,
  text: values.map(String),
  numbers: Float64Array.from(values, v => (typeof v === 'number' ? v : NaN)),
  numeric: values.every(v => typeof v === 'number')
});

describe('channelGroups', () => {
  it('groups by a column of few values, labels in order, channels in series order', () => {
    const groups = channelGroups(
      5,
      column('location', ['DG', 'CA1', 'DG', 'CA1', 'VISp'])
    );
    expect(groups).toEqual([
      { label: 'CA1', channels: [1, 3] },
      { label: 'DG', channels: [0, 2] },
      { label: 'VISp', channels: [4] }
    ]);
  });
  it('orders by a column of many values (depth), numerically, ties by channel', () => {
    const depths = [
      300, 20, 100, 20, 5, 60, 70, 80, 90, 110, 120, 130, 140, 150
    ];
    const [group] = channelGroups(depths.length, column('y', depths));
    expect(group.channels.slice(0, 5)).toEqual([4, 1, 3, 5, 6]);
    expect(group.channels[group.channels.length - 1]).toBe(0);
  });
  it('keeps series order without a column', () => {
    expect(channelGroups(3)).toEqual([
      { label: 'all channels', channels: [0, 1, 2] }
    ]);
  });
  it('pages within a group and reads contiguous runs', () => {
    const group = { label: 'g', channels: [4, 5, 6, 9, 10, 2] };
    expect(channelPage(group, 2, 3)).toEqual([6, 9, 10]);
    expect(channelRuns([4, 5, 6, 9, 10, 2])).toEqual([
      [4, 3],
      [9, 2],
      [2, 1]
    ]);
  });
});

describe('readChannelColumns', () => {
  it('reads each electrodes column through the series region (pynwb file)', async () => {
    const path = writeWithPython(
      'ecephys.nwb',
      `
from datetime import datetime, timezone
import numpy as np
from pynwb import NWBFile, NWBHDF5IO
from pynwb.ecephys import ElectricalSeries
nwb = NWBFile('d', 'id', datetime(2020, 1, 1, tzinfo=timezone.utc))
dev = nwb.create_device('probe')
shanks = [nwb.create_electrode_group(f'shank{i}', 'd', 'brain', dev) for i in range(2)]
for i in range(8):
    nwb.add_electrode(group=shanks[i // 4], location=['CA1', 'DG'][i % 2], x=0.0, y=float(10 * i), z=0.0)
region = nwb.create_electrode_table_region([7, 6, 5, 4, 3, 2, 1, 0], 'reversed')
nwb.add_acquisition(ElectricalSeries(name='es', data=np.zeros((100, 8)), electrodes=region, rate=1000.0))
with NWBHDF5IO(OUT, 'w') as io:
    io.write(nwb)
`
    );
    const { source, close } = await openSample(path);
    try {
      const model = await loadNwbFile(source);
      const series = findNode(model.tree, '/acquisition/es')!;
      const { columns } = await readChannelColumns(
        (p, s) => source.read(p, s),
        model,
        series,
        8
      );
      const byName = new Map(columns.map(c => [c.name, c]));
      expect(Array.from(byName.get('y')!.numbers)).toEqual([
        70, 60, 50, 40, 30, 20, 10, 0
      ]);
      expect(byName.get('location')!.text).toEqual([
        'DG',
        'CA1',
        'DG',
        'CA1',
        'DG',
        'CA1',
        'DG',
        'CA1'
      ]);
      expect(byName.get('group_name')!.text.slice(0, 5)).toEqual([
        'shank1',
        'shank1',
        'shank1',
        'shank1',
        'shank0'
      ]);
      const groups = channelGroups(8, byName.get('group_name'));
      expect(groups.map(g => [g.label, g.channels])).toEqual([
        ['shank0', [4, 5, 6, 7]],
        ['shank1', [0, 1, 2, 3]]
      ]);
    } finally {
      close();
    }
  });

  it('does not guess when the region and the channels differ (real sample)', async () => {
    // neuroconv's ecephys tutorial: data (50, 4) with a 12-row electrodes region.
    const { source, close } = await openSample(
      sample('neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb')
    );
    try {
      const model = await loadNwbFile(source);
      const series = findNode(model.tree, '/acquisition/ElectricalSeries')!;
      const found = await readChannelColumns(
        (p, s) => source.read(p, s),
        model,
        series,
        4
      );
      expect(found.columns).toEqual([]);
      expect(found.reason).toBe(
        'its electrodes region has 12 rows for 4 channels'
      );
    } finally {
      close();
    }
  });
});
