/** TimeIntervals: trials, epochs, invalid_times, or any custom interval table. */
import { childPath, ensureGroup, INwbObject } from './context';
import type { NWBFile } from './file';
import { NwbWriteError } from './errors';
import { Column, writeTable } from './table';

export interface ITimeIntervalsSpec {
  name: string;
  description: string;
  /** Seconds, float64. */
  startTime: Float64Array;
  stopTime: Float64Array;
  /** Optional per-row text tags (ragged). */
  tags?: string[][];
  /** Custom columns, in order. */
  columns?: Column[];
}

/** Writes under `parent`; use `addTrials`/`addEpochs` for the standard places. */
export function writeTimeIntervals(
  parent: INwbObject,
  spec: ITimeIntervalsSpec
): Promise<INwbObject> {
  const { ctx } = parent;
  if (spec.startTime.length !== spec.stopTime.length) {
    throw new NwbWriteError(
      ctx.fsPath,
      childPath(parent.path, spec.name),
      `${spec.startTime.length} start times but ${spec.stopTime.length} stop times`
    );
  }
  const columns: Column[] = [
    {
      name: 'start_time',
      description: 'Start time of epoch, in seconds',
      values: spec.startTime
    },
    {
      name: 'stop_time',
      description: 'Stop time of epoch, in seconds',
      values: spec.stopTime
    }
  ];
  if (spec.tags) {
    columns.push({
      name: 'tags',
      description: 'user-defined tags',
      ragged: { text: spec.tags }
    });
  }
  return writeTable(parent, {
    name: spec.name,
    description: spec.description,
    neurodataType: 'TimeIntervals',
    namespace: 'core',
    columns: [...columns, ...(spec.columns ?? [])]
  });
}

type IntervalsWithoutName = Omit<ITimeIntervalsSpec, 'name'>;

export function addTrials(
  nwb: NWBFile,
  spec: IntervalsWithoutName
): Promise<INwbObject> {
  return writeTimeIntervals(ensureGroup(nwb.ctx, '/intervals'), {
    ...spec,
    name: 'trials'
  });
}

export function addEpochs(
  nwb: NWBFile,
  spec: IntervalsWithoutName
): Promise<INwbObject> {
  return writeTimeIntervals(ensureGroup(nwb.ctx, '/intervals'), {
    ...spec,
    name: 'epochs'
  });
}

/** Any other interval table in /intervals (e.g. invalid_times or a custom name). */
export function addIntervals(
  nwb: NWBFile,
  spec: ITimeIntervalsSpec
): Promise<INwbObject> {
  return writeTimeIntervals(ensureGroup(nwb.ctx, '/intervals'), spec);
}
