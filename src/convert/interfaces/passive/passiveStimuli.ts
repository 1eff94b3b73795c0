/**
 * The passive protocol's stimulus tables → `/processing/passive_protocol/passive_task_replay`
 * (valve, tone, noise events) and `gabor_table`. A table with no rows is left out
 * (`leftOut` records why); an empty table is never written.
 */
import type { INwbObject } from '../../../nwb/context';
import { writeTimeIntervals } from '../../../nwb/intervals';
import type { ITable } from '../../../one/tables';
import {
  recomputeGaborColumn,
  recomputeReplay
} from '../../fidelity/independent/passive';
import type { IArrayCheck } from '../../modality';
import type { ISessionContext } from '../../session/context';
import { DatasetContentError } from '../../session/errors';
import { gaborRowsToKeep, replayEvents } from './passiveTables';

export const STIMS = '_ibl_passiveStims.table.csv';
export const GABOR = '_ibl_passiveGabor.table.csv';
export const MODULE = '/processing/passive_protocol';

export type LeftOut = (dataset: string, table: string) => void;

export function numeric(
  table: ITable,
  name: string,
  dataset: string
): Float64Array {
  const c = table.columns.find(x => x.name === name);
  if (!c) {
    throw new DatasetContentError(dataset, `has no column ${name}`);
  }
  return Float64Array.from(c.values as ArrayLike<number>, Number);
}

/** One row per valve / tone / noise event, sorted by start. */
export async function writeTaskReplay(
  ctx: ISessionContext,
  module: INwbObject,
  leftOut: LeftOut,
  collection: string
): Promise<IArrayCheck[]> {
  const { data, ledger } = ctx;
  const src = (name: string) => data.dataset(collection, name).relPath;
  const t = await data.table(collection, STIMS);
  const columns = Object.fromEntries(
    t.columns.map(c => [c.name, numeric(t, c.name, src(STIMS))])
  );
  const events = replayEvents(columns);
  if (events.start.length === 0) {
    leftOut(src(STIMS), 'passive_task_replay');
    return [];
  }
  await writeTimeIntervals(module, {
    name: 'passive_task_replay',
    description:
      'Valve clicks, tones and noise bursts replayed during the passive protocol, one row per event.',
    startTime: events.start,
    stopTime: events.stop,
    columns: [
      {
        name: 'stim_type',
        description: 'valve, tone or noise.',
        text: events.stimType
      }
    ]
  });
  // Expected values from the independent recomputation, not from replayEvents above.
  const replay = recomputeReplay(columns);
  return [
    ledger.expect(
      src(STIMS),
      `${MODULE}/passive_task_replay/start_time`,
      replay.start,
      '<type>On of every event, sorted'
    ),
    ledger.expect(
      src(STIMS),
      `${MODULE}/passive_task_replay/stop_time`,
      replay.stop,
      '<type>Off of every event, sorted by start'
    ),
    ledger.expect(
      src(STIMS),
      `${MODULE}/passive_task_replay/stim_type`,
      replay.stimType,
      'column prefix'
    )
  ];
}

/** The Gabor patches in chronological order (rows overlapping the previous by > 1 ms dropped). */
export async function writeGaborTable(
  ctx: ISessionContext,
  module: INwbObject,
  leftOut: LeftOut,
  collection: string
): Promise<IArrayCheck[]> {
  const { data, ledger } = ctx;
  const src = (name: string) => data.dataset(collection, name).relPath;
  const t = await data.table(collection, GABOR);
  if (t.numRows === 0) {
    leftOut(src(GABOR), 'gabor_table');
    return [];
  }
  const col = (name: string) => numeric(t, name, src(GABOR));
  const keep = gaborRowsToKeep(col('start'), col('stop'));
  const pick = (name: string) => Float64Array.from(keep, i => col(name)[i]);
  const rows = { start: pick('start'), stop: pick('stop') };
  const extra = ['position', 'contrast', 'phase'].map(name => ({
    name,
    values: pick(name)
  }));
  await writeTimeIntervals(module, {
    name: 'gabor_table',
    description:
      'Gabor patches shown during the task replay; rows overlapping the previous one by more than 1 ms are dropped.',
    startTime: rows.start,
    stopTime: rows.stop,
    columns: [
      {
        name: 'position',
        description: 'Azimuth of the Gabor patch, in degrees.',
        values: extra[0].values
      },
      {
        name: 'contrast',
        description: 'Contrast of the Gabor patch, 0 to 1.',
        values: extra[1].values
      },
      {
        name: 'phase',
        description: 'Phase of the Gabor patch, in radians.',
        values: extra[2].values
      }
    ]
  });
  const dropped = 'rows in chronological order (overlaps > 1 ms dropped)';
  return [
    ledger.expect(
      `${src(GABOR)}#start`,
      `${MODULE}/gabor_table/start_time`,
      recomputeGaborColumn(col('start'), col('stop'), col('start'), 'start'),
      dropped
    ),
    ledger.expect(
      `${src(GABOR)}#stop`,
      `${MODULE}/gabor_table/stop_time`,
      recomputeGaborColumn(col('start'), col('stop'), col('stop'), 'stop'),
      dropped
    ),
    ...extra.map(e =>
      ledger.expect(
        `${src(GABOR)}#${e.name}`,
        `${MODULE}/gabor_table/${e.name}`,
        recomputeGaborColumn(col('start'), col('stop'), col(e.name), e.name),
        dropped
      )
    )
  ];
}
