/** ndx-events `Events`: event times without data (e.g. lick times). */
import { ArraySource, writeArray } from './array';
import { childPath, INwbObject } from './context';
import { getGroup, markTyped, numberAttr, textAttr } from './h5';

export interface IEventsSpec {
  name: string;
  description: string;
  /** Seconds (float64; the spec's float32 is a minimum). */
  timestamps: ArraySource;
  resolution?: number;
}

export async function writeEvents(
  parent: INwbObject,
  spec: IEventsSpec
): Promise<INwbObject> {
  const { ctx } = parent;
  ctx.namespaces.add('ndx-events');
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(group, 'Events', 'ndx-events');
  textAttr(group, 'description', spec.description);
  const ts = await writeArray(ctx, group, 'timestamps', spec.timestamps);
  textAttr(ts, 'unit', 'seconds');
  if (spec.resolution !== undefined) {
    numberAttr(ts, 'resolution', spec.resolution, 'float64');
  }
  return { ctx, path: childPath(parent.path, spec.name) };
}
