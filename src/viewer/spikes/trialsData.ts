import type { INwbFileModel } from '../model/nwbFile';
import { formatValue } from '../model/text';
import type { INeurodataNode } from '../model/tree';
import { tableLayout, type ITableColumn } from '../tables/tableColumns';
import { rowsOf } from '../tables/tablePage';
import { isGroupable } from './trialGroups';
import type { Reader } from './unitSpikes';

/** Stimulus onset as IBL's NWB files (and ALF) name it, then NWB's trial start. */
const PREFERRED_EVENTS = [
  'gabor_stimulus_onset_time',
  'stim_on_time',
  'stimOn_time',
  'stimOn_times',
  'start_time'
];

/** The event a trial-aligned view opens on: stimulus onset if the table has it. */
export function defaultAlignEvent(events: readonly string[]): string {
  return PREFERRED_EVENTS.find(e => events.includes(e)) ?? events[0];
}

/** Intervals tables with more rows than this are not aligned to. */
const MAX_TRIALS = 100_000;

/** The event times and grouping columns of one intervals table. */
export interface ITrialsData {
  readonly path: string;
  readonly rows: number;
  /** `start_time`, `stop_time` and every other numeric `*_time` or `*_times` column. */
  readonly times: Map<string, Float64Array>;
  /** Columns with 2…12 distinct values, as text. */
  readonly groups: Map<string, string[]>;
}

/** TimeIntervals tables with a start_time, `/intervals/trials` first. */
export function intervalTables(model: INwbFileModel): INeurodataNode[] {
  const tables = model.objects.filter(
    n =>
      n.ancestry.includes('TimeIntervals') &&
      n.children.some(c => c.name === 'start_time')
  );
  const rank = (n: INeurodataNode) => (n.name === 'trials' ? 0 : 1);
  return tables.sort((a, b) => rank(a) - rank(b));
}

const plain = (c: ITableColumn) =>
  c.indexPaths.length === 0 &&
  (c.shape?.length ?? 0) === 1 &&
  !c.neurodataType?.includes('Region');

/** Read the align-able and group-able columns of an intervals table. */
export async function readTrials(
  read: Reader,
  node: INeurodataNode
): Promise<ITrialsData | { reason: string }> {
  const layout = tableLayout(node);
  if (layout.rows === 0) {
    return { reason: `${node.path} has no rows` };
  }
  if (layout.rows > MAX_TRIALS) {
    return {
      reason: `${node.path} has ${layout.rows} rows (more than ${MAX_TRIALS})`
    };
  }
  const times = new Map<string, Float64Array>();
  const groups = new Map<string, string[]>();
  for (const column of layout.columns.filter(plain)) {
    const values = (await read(column.path, [
      [0, layout.rows]
    ])) as ArrayLike<unknown>;
    const numeric =
      ArrayBuffer.isView(values) && !(values instanceof BigInt64Array);
    if (/_times?$/.test(column.name) && numeric) {
      times.set(column.name, Float64Array.from(values as ArrayLike<number>));
      continue;
    }
    const text = rowsOf(values, layout.rows).map(v => formatValue(v));
    if (isGroupable(text)) {
      groups.set(column.name, text);
    }
  }
  if (!times.has('start_time')) {
    return { reason: `${node.path} has no numeric start_time column` };
  }
  return { path: node.path, rows: layout.rows, times, groups };
}
