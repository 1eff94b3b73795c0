/**
 * ndx-anatomical-localization: `/general/localization` (Localization, a LabMetaData) holding
 * coordinate spaces and AnatomicalCoordinatesTables whose rows localise rows of another table
 * (e.g. the electrodes) in one space.
 */
import { childPath, INwbObject } from './context';
import { addLabMetaData } from './containers';
import type { NWBFile } from './file';
import { h5Dtype } from './dtype';
import { getGroup, markTyped, textAttr } from './h5';
import { Column, writeTable } from './table';

const NAMESPACE = 'ndx-anatomical-localization';

/** A coordinate space of our own (ndx `Space`): origin, units and axis directions. */
export interface ISpaceSpec {
  name: string;
  spaceName: string;
  origin: string;
  units: string;
  /** Positive direction of x, y, z, e.g. `RAS` (Right, Anterior, Superior). */
  orientation: string;
}

/**
 * The Allen CCF v3 space as the extension fixes it (AllenCCFv3Space: PIR, µm, origin at the
 * anterior-superior-left corner of the volume, extent AP 13200 × DV 8000 × ML 11400 µm).
 */
export const ALLEN_CCF_V3 = {
  name: 'AllenCCFv3',
  spaceName: 'AllenCCFv3',
  origin: 'Anterior-Superior-Left (ASL) corner of the 3D image volume',
  units: 'um',
  orientation: 'PIR',
  extent: [13200, 8000, 11400]
} as const;

export interface ICoordinatesTableSpec {
  name: string;
  description: string;
  /** The space the coordinates are in (written by `addSpace`). */
  space: INwbObject;
  /** How the coordinates were determined. */
  method: string;
  /** Rows of `target` localised by each row of this table. */
  localizedEntity: { table: INwbObject; rows: number[] };
  x: Column;
  y: Column;
  z: Column;
  /** Extra columns, in order, after `localized_entity`. */
  columns?: Column[];
  /** Atlas region of each row (the extension's optional `brain_region`), written last. */
  brainRegion?: string[];
  brainRegionDescription?: string;
}

/** `/general/localization`, created by the first call. */
export function addLocalization(nwb: NWBFile): INwbObject {
  const path = '/general/localization';
  if (nwb.ctx.file.get(path)) {
    return { ctx: nwb.ctx, path };
  }
  return addLabMetaData(nwb, 'localization', 'Localization', NAMESPACE);
}

/** A `Space` with the given origin, units and orientation. */
export function addSpace(parent: INwbObject, spec: ISpaceSpec): INwbObject {
  const { ctx } = parent;
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    spec.name
  );
  markTyped(group, 'Space', NAMESPACE);
  textAttr(group, 'space_name', spec.spaceName);
  textAttr(group, 'origin', spec.origin);
  textAttr(group, 'units', spec.units);
  textAttr(group, 'orientation', spec.orientation);
  return { ctx, path: childPath(parent.path, spec.name) };
}

/** The extension's AllenCCFv3Space, with its fixed attributes and extent. */
export function addAllenCcfV3Space(parent: INwbObject): INwbObject {
  const { ctx } = parent;
  const s = ALLEN_CCF_V3;
  const group = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    s.name
  );
  markTyped(group, 'AllenCCFv3Space', NAMESPACE);
  textAttr(group, 'space_name', s.spaceName);
  textAttr(group, 'origin', s.origin);
  textAttr(group, 'units', s.units);
  textAttr(group, 'orientation', s.orientation);
  group.create_dataset({
    name: 'extent',
    data: Float64Array.from(s.extent),
    shape: [3],
    dtype: h5Dtype('float64')
  });
  return { ctx, path: childPath(parent.path, s.name) };
}

/**
 * An AnatomicalCoordinatesTable: x, y, z, localized_entity, the extra columns, brain_region
 * (the column order pynwb writes for the release's tables), `method`, and a link to its space.
 */
export async function addCoordinatesTable(
  parent: INwbObject,
  spec: ICoordinatesTableSpec
): Promise<INwbObject> {
  const columns: Column[] = [
    spec.x,
    spec.y,
    spec.z,
    {
      name: 'localized_entity',
      description: 'The row of the localized object (e.g. electrode).',
      region: spec.localizedEntity
    },
    ...(spec.columns ?? []),
    ...(spec.brainRegion
      ? [
          {
            name: 'brain_region',
            description:
              spec.brainRegionDescription ??
              'The brain region associated with the localization.',
            text: spec.brainRegion
          }
        ]
      : [])
  ];
  const table = await writeTable(parent, {
    name: spec.name,
    description: spec.description,
    neurodataType: 'AnatomicalCoordinatesTable',
    namespace: NAMESPACE,
    columns
  });
  const group = getGroup(parent.ctx.file, table.path, parent.ctx.fsPath);
  textAttr(group, 'method', spec.method);
  group.create_soft_link(spec.space.path, 'space');
  return table;
}
