/** TimeSeries and its subtypes SpatialSeries; timing by rate or by (shared) timestamps. */
import { ArraySource, writeArray } from './array';
import { childPath, INwbObject, IWriteContext } from './context';
import { NwbWriteError } from './errors';
import type { Group } from './h5';
import {
  getGroup,
  markTyped,
  numberAttr,
  scalarNumber,
  scalarText,
  textAttr
} from './h5';

/** Regular sampling: `rate` in Hz from `startingTime` seconds. */
export interface IRateTiming {
  rate: number;
  startingTime?: number;
}
/** One time per sample (seconds, float64), or another series whose timestamps to share. */
export interface ITimestampTiming {
  timestamps: ArraySource | INwbObject;
}

export interface ITimeSeriesSpec {
  name: string;
  description?: string;
  comments?: string;
  /** First axis = time. */
  data: ArraySource;
  unit: string;
  conversion?: number;
  offset?: number;
  resolution?: number;
  continuity?: 'continuous' | 'instantaneous' | 'step';
  timing: IRateTiming | ITimestampTiming;
}

export interface ISpatialSeriesSpec extends Omit<ITimeSeriesSpec, 'unit'> {
  unit?: string;
  referenceFrame?: string;
}

export interface INeurodataType {
  neurodataType: string;
  namespace: string;
}

const TIME_SERIES: INeurodataType = {
  neurodataType: 'TimeSeries',
  namespace: 'core'
};

/**
 * Writes a TimeSeries-like group. `type` and `extend` let subtypes (SpatialSeries,
 * ElectricalSeries, extension series) add their own members.
 */
export async function writeTimeSeries(
  parent: INwbObject,
  spec: ITimeSeriesSpec,
  type: INeurodataType = TIME_SERIES,
  extend?: (group: Group) => Promise<void> | void
): Promise<INwbObject> {
  const { ctx } = parent;
  const path = childPath(parent.path, spec.name);
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(group, type.neurodataType, type.namespace);
  textAttr(group, 'description', spec.description ?? 'no description');
  textAttr(group, 'comments', spec.comments ?? 'no comments');
  const data = await writeArray(ctx, group, 'data', spec.data);
  textAttr(data, 'unit', spec.unit);
  // float64 although the spec says float32: wider is valid and keeps e.g. 2.34375e-6 exact.
  numberAttr(data, 'conversion', spec.conversion ?? 1, 'float64');
  numberAttr(data, 'offset', spec.offset ?? 0, 'float64');
  numberAttr(data, 'resolution', spec.resolution ?? -1, 'float64');
  if (spec.continuity) {
    textAttr(data, 'continuity', spec.continuity);
  }
  await writeTiming(ctx, group, path, spec.timing, data.shape?.[0] ?? 0);
  if (extend) {
    await extend(group);
  }
  return { ctx, path };
}

async function writeTiming(
  ctx: IWriteContext,
  group: Group,
  path: string,
  timing: IRateTiming | ITimestampTiming,
  samples: number
): Promise<void> {
  if ('rate' in timing) {
    if (!(timing.rate > 0)) {
      throw new NwbWriteError(
        ctx.fsPath,
        path,
        `rate ${timing.rate} must be > 0 Hz`
      );
    }
    const start = scalarNumber(
      group,
      'starting_time',
      timing.startingTime ?? 0,
      'float64'
    );
    numberAttr(start, 'rate', timing.rate, 'float64');
    textAttr(start, 'unit', 'seconds');
    return;
  }
  const ts = timing.timestamps;
  if ('path' in ts && 'ctx' in ts) {
    // Shared timestamps are a soft link to the first series' dataset, as PyNWB writes them.
    const own = `${ts.path}/timestamps`;
    if (!ctx.file.get(own)) {
      throw new NwbWriteError(
        ctx.fsPath,
        path,
        `${ts.path} has no timestamps to share`
      );
    }
    // If that series itself links its timestamps, link to the real dataset.
    group.create_soft_link(ctx.file.get_link(own) ?? own, 'timestamps');
    return;
  }
  const ds = await writeArray(ctx, group, 'timestamps', ts);
  // External ImageSeries keep frames outside (empty data): nothing to match there.
  if (samples > 0 && (ds.shape?.[0] ?? 0) !== samples) {
    throw new NwbWriteError(
      ctx.fsPath,
      `${path}/timestamps`,
      `${ds.shape?.[0]} timestamps for ${samples} samples of data`
    );
  }
  numberAttr(ds, 'interval', 1, 'int32');
  textAttr(ds, 'unit', 'seconds');
}

export function writeSpatialSeries(
  parent: INwbObject,
  spec: ISpatialSeriesSpec
): Promise<INwbObject> {
  return writeTimeSeries(
    parent,
    { ...spec, unit: spec.unit ?? 'meters' },
    { neurodataType: 'SpatialSeries', namespace: 'core' },
    group => {
      if (spec.referenceFrame !== undefined) {
        scalarText(group, 'reference_frame', spec.referenceFrame);
      }
    }
  );
}
