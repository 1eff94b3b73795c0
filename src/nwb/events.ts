/**
 * ndx-events 0.2 `Events` (event times without data, e.g. lick times) and
 * `LabeledEvents` (times with one label each, e.g. the rising and falling
 * fronts of a NIDQ sync line).
 */
import { ArraySource, writeArray } from './array';
import { childPath, INwbObject } from './context';
import { getGroup, markTyped, numberAttr, textArrayAttr, textAttr } from './h5';

export interface IEventsSpec {
  name: string;
  description: string;
  /** Seconds (float64; the spec's float32 is a minimum). */
  timestamps: ArraySource;
  resolution?: number;
}

export interface ILabeledEventsSpec extends IEventsSpec {
  /** Per event, the index of its label in `labels`. */
  data: Uint8Array;
  /** Label of each index (an empty string for an index without one). */
  labels: string[];
}

async function writeEventsGroup(
  parent: INwbObject,
  spec: IEventsSpec,
  type: 'Events' | 'LabeledEvents'
) {
  const { ctx } = parent;
  ctx.namespaces.add('ndx-events');
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(group, type, 'ndx-events');
  textAttr(group, 'description', spec.description);
  const ts = await writeArray(ctx, group, 'timestamps', spec.timestamps);
  textAttr(ts, 'unit', 'seconds');
  if (spec.resolution !== undefined) {
    numberAttr(ts, 'resolution', spec.resolution, 'float64');
  }
  return group;
}

export async function writeEvents(
  parent: INwbObject,
  spec: IEventsSpec
): Promise<INwbObject> {
  await writeEventsGroup(parent, spec, 'Events');
  return { ctx: parent.ctx, path: childPath(parent.path, spec.name) };
}

export async function writeLabeledEvents(
  parent: INwbObject,
  spec: ILabeledEventsSpec
): Promise<INwbObject> {
  if (spec.labels.length === 0) {
    throw new Error(
      `${spec.name}: LabeledEvents needs at least one label (HDF5 cannot store an empty text attribute)`
    );
  }
  const group = await writeEventsGroup(parent, spec, 'LabeledEvents');
  const data = await writeArray(parent.ctx, group, 'data', spec.data);
  textArrayAttr(data, 'labels', spec.labels);
  return { ctx: parent.ctx, path: childPath(parent.path, spec.name) };
}
