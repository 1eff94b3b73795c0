/** ImageSeries whose frames live in external movie files (`format` "external"). */
import { INwbObject } from './context';
import { NwbWriteError } from './errors';
import { numberArrayAttr, scalarText, textArray } from './h5';
import { IRateTiming, ITimestampTiming, writeTimeSeries } from './timeseries';

export interface IExternalImageSeriesSpec {
  name: string;
  description?: string;
  /** Paths of the movie files, relative to the NWB file (DANDI asks for relative paths). */
  externalFile: string[];
  /** Index of the first frame of each file in the whole series; default [0, …]. */
  startingFrame?: number[];
  timing: IRateTiming | ITimestampTiming;
  unit?: string;
  device?: INwbObject;
}

export function writeExternalImageSeries(
  parent: INwbObject,
  spec: IExternalImageSeriesSpec
): Promise<INwbObject> {
  const { ctx } = parent;
  const starting = spec.startingFrame ?? spec.externalFile.map(() => 0);
  if (
    starting.length !== spec.externalFile.length ||
    spec.externalFile.length === 0
  ) {
    throw new NwbWriteError(
      ctx.fsPath,
      `${parent.path}/${spec.name}`,
      'give one starting frame per external file, and at least one file'
    );
  }
  return writeTimeSeries(
    parent,
    {
      name: spec.name,
      description: spec.description,
      // Frames are external: data is an empty 3-D array, as PyNWB writes it.
      data: { values: new Uint8Array(0), shape: [0, 0, 0] },
      unit: spec.unit ?? 'n.a.',
      timing: spec.timing
    },
    { neurodataType: 'ImageSeries', namespace: 'core' },
    group => {
      const files = textArray(group, 'external_file', spec.externalFile);
      numberArrayAttr(files, 'starting_frame', Int32Array.from(starting));
      scalarText(group, 'format', 'external');
      if (spec.device) {
        group.create_soft_link(spec.device.path, 'device');
      }
    }
  );
}
