/** Extracellular ephys: Device, ElectrodeGroup, the electrodes table, ElectricalSeries. */
import { ArraySource, writeArray } from './array';
import { ensureGroup, INwbObject } from './context';
import type { NWBFile } from './file';
import {
  getGroup,
  getObject,
  markTyped,
  numberAttr,
  refAttr,
  textAttr
} from './h5';
import { Column, writeTable } from './table';
import { ITimeSeriesSpec, writeTimeSeries } from './timeseries';

export interface IDeviceSpec {
  name: string;
  description?: string;
  serialNumber?: string;
  /** Written as a DeviceModel in /general/devices/models, linked from the device (2.9). */
  model?: {
    name: string;
    manufacturer: string;
    modelNumber?: string;
    description?: string;
  };
}

/** `/general/devices/<name>`. Manufacturer goes to a DeviceModel: PyNWB 4 deprecates it on Device. */
export function addDevice(nwb: NWBFile, spec: IDeviceSpec): INwbObject {
  const { ctx } = nwb;
  const devices = ensureGroup(ctx, '/general/devices');
  const group = getGroup(ctx.file, devices.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(group, 'Device', 'core');
  if (spec.description !== undefined) {
    textAttr(group, 'description', spec.description);
  }
  if (spec.serialNumber !== undefined) {
    textAttr(group, 'serial_number', spec.serialNumber);
  }
  if (spec.model) {
    const models = ensureGroup(ctx, '/general/devices/models');
    const modelPath = `${models.path}/${spec.model.name}`;
    if (!ctx.file.get(modelPath)) {
      const m = getGroup(ctx.file, models.path, ctx.fsPath).create_group(
        spec.model.name
      );
      markTyped(m, 'DeviceModel', 'core');
      textAttr(m, 'manufacturer', spec.model.manufacturer);
      if (spec.model.modelNumber !== undefined) {
        textAttr(m, 'model_number', spec.model.modelNumber);
      }
      if (spec.model.description !== undefined) {
        textAttr(m, 'description', spec.model.description);
      }
    }
    group.create_soft_link(modelPath, 'model');
  }
  return { ctx, path: `${devices.path}/${spec.name}` };
}

export interface IElectrodeGroupSpec {
  name: string;
  description: string;
  location: string;
  device: INwbObject;
}

export function addElectrodeGroup(
  nwb: NWBFile,
  spec: IElectrodeGroupSpec
): INwbObject {
  const { ctx } = nwb;
  const parent = ensureGroup(ctx, '/general/extracellular_ephys');
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(group, 'ElectrodeGroup', 'core');
  textAttr(group, 'description', spec.description);
  textAttr(group, 'location', spec.location);
  group.create_soft_link(spec.device.path, 'device');
  return { ctx, path: `${parent.path}/${spec.name}` };
}

export interface IElectrodesSpec {
  /** Brain region per electrode. */
  location: string[];
  /** ElectrodeGroup per electrode. */
  group: INwbObject[];
  /** Optional: x, y, z, rel_x, rel_y, imp (float), filtering, reference, custom columns. */
  columns?: Column[];
  description?: string;
}

/** `/general/extracellular_ephys/electrodes` (ElectrodesTable since NWB 2.9). */
export function addElectrodes(
  nwb: NWBFile,
  spec: IElectrodesSpec
): Promise<INwbObject> {
  const parent = ensureGroup(nwb.ctx, '/general/extracellular_ephys');
  const groupNames = spec.group.map(g => g.path.split('/').pop() ?? '');
  return writeTable(parent, {
    name: 'electrodes',
    description: spec.description ?? 'metadata about extracellular electrodes',
    neurodataType: 'ElectrodesTable',
    namespace: 'core',
    columns: [
      {
        name: 'location',
        description:
          'the location of channel within the subject e.g. brain region',
        text: spec.location
      },
      {
        name: 'group',
        description:
          'a reference to the ElectrodeGroup this electrode is a part of',
        references: spec.group
      },
      {
        name: 'group_name',
        description:
          'the name of the ElectrodeGroup this electrode is a part of',
        text: groupNames
      },
      ...(spec.columns ?? [])
    ]
  });
}

export interface IElectricalSeriesSpec extends Omit<ITimeSeriesSpec, 'unit'> {
  electrodes: { table: INwbObject; rows: number[]; description?: string };
  /** Per-channel factor to volts, applied on top of `conversion`. */
  channelConversion?: Float32Array | Float64Array;
  filtering?: string;
}

/** ElectricalSeries: `data` [time, channels], unit volts, `electrodes` region. */
export function writeElectricalSeries(
  parent: INwbObject,
  spec: IElectricalSeriesSpec
): Promise<INwbObject> {
  const { ctx } = parent;
  return writeTimeSeries(
    parent,
    { ...spec, unit: 'volts' },
    { neurodataType: 'ElectricalSeries', namespace: 'core' },
    async group => {
      const values = Int32Array.from(spec.electrodes.rows);
      const region = await writeArray(ctx, group, 'electrodes', values);
      markTyped(region, 'DynamicTableRegion', 'hdmf-common');
      textAttr(
        region,
        'description',
        spec.electrodes.description ?? 'the electrodes recorded'
      );
      refAttr(
        region,
        'table',
        getObject(ctx.file, spec.electrodes.table.path, ctx.fsPath)
      );
      if (spec.channelConversion) {
        const cc = await writeArray(
          ctx,
          group,
          'channel_conversion',
          spec.channelConversion as ArraySource
        );
        numberAttr(cc, 'axis', 1, 'int32');
      }
      if (spec.filtering !== undefined) {
        textAttr(group, 'filtering', spec.filtering);
      }
    }
  );
}
