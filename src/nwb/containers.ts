/** Grouping objects: ProcessingModule, behavior interfaces, LabMetaData. */
import { childPath, ensureGroup, INwbObject } from './context';
import type { NWBFile } from './file';
import { getGroup, markTyped, textAttr } from './h5';

/** `/processing/<name>`: a module of processed data interfaces and tables. */
export function addProcessingModule(
  nwb: NWBFile,
  name: string,
  description: string
): INwbObject {
  const { ctx } = nwb;
  const group = getGroup(ctx.file, '/processing', ctx.fsPath).create_group(
    name
  );
  markTyped(group, 'ProcessingModule', 'core');
  textAttr(group, 'description', description);
  return { ctx, path: `/processing/${name}` };
}

/** Core NWBDataInterface containers that hold TimeSeries (or SpatialSeries) children. */
export type BehaviorContainer =
  | 'BehavioralTimeSeries'
  | 'BehavioralEvents'
  | 'Position'
  | 'CompassDirection'
  | 'PupilTracking'
  | 'EyeTracking';

/** A behavior container; `name` defaults to the type name, as PyNWB does. */
export function addBehaviorContainer(
  parent: INwbObject,
  type: BehaviorContainer,
  name: string = type
): INwbObject {
  const { ctx } = parent;
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(name);
  markTyped(group, type, 'core');
  return { ctx, path: childPath(parent.path, name) };
}

/**
 * `/general/<name>`: a LabMetaData group (or an extension subtype). `fill` writes the
 * type's own members.
 */
export function addLabMetaData(
  nwb: NWBFile,
  name: string,
  type = 'LabMetaData',
  namespace = 'core'
): INwbObject {
  const { ctx } = nwb;
  ctx.namespaces.add(namespace);
  const general = ensureGroup(ctx, '/general');
  const group = getGroup(ctx.file, general.path, ctx.fsPath).create_group(name);
  markTyped(group, type, namespace);
  return { ctx, path: `/general/${name}` };
}
