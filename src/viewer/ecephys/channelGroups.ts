/**
 * Channels of an ElectricalSeries grouped, ordered and coloured by a column
 * of the electrodes table (location / brain region, group, shank, x, y,
 * depth …): the data helper reads the columns through the series'
 * `electrodes` region, the mapping makes the groups and the pages.
 */
import type { INwbFileModel } from '../model/nwbFile';
import type { H5Slice } from '../model/source';
import { asNumber, formatValue } from '../model/text';
import { findNode, type INeurodataNode } from '../model/tree';
import { compareLabels, MAX_GROUPS } from '../spikes/trialGroups';
import { tableLayout } from '../tables/tableColumns';
import { rowsOf } from '../tables/tablePage';

type Reader = (path: string, slice?: H5Slice) => Promise<unknown>;

/** One electrodes-table column's value for each channel of the series. */
export interface IChannelColumn {
  readonly name: string;
  /** Per channel, as text (for labels). */
  readonly text: string[];
  /** Per channel, as a number (NaN for text). */
  readonly numbers: Float64Array;
  readonly numeric: boolean;
}

/**
 * The plain (not ragged, 1-D) columns of the electrodes table the series'
 * `electrodes` region points at, one value per channel (region order).
 * No columns, with the reason, when the series has no region, its table is
 * not in the file, or the region's length is not the number of channels
 * (which row belongs to which channel would then be a guess).
 */
export async function readChannelColumns(
  read: Reader,
  model: INwbFileModel,
  series: INeurodataNode,
  channels: number
): Promise<{ columns: IChannelColumn[]; reason?: string }> {
  const region = series.children.find(c => c.name === 'electrodes');
  // h5wasm gives the `table` reference alone or as a one-element array.
  const raw = region?.attrs.table;
  const ref = (Array.isArray(raw) ? raw[0] : raw) as
    { reference?: string | null } | undefined;
  const table = ref?.reference ? findNode(model.tree, ref.reference) : null;
  if (!region || !table) {
    return {
      columns: [],
      reason: region
        ? `its electrodes table ${ref?.reference ?? ''} is not in the file`
        : 'it has no electrodes region'
    };
  }
  const length = region.shape?.[0] ?? channels;
  if (length !== channels) {
    return {
      columns: [],
      reason: `its electrodes region has ${length} rows for ${channels} channels`
    };
  }
  const rows = rowsOf(
    await read(region.softLink ?? region.path, [[0, channels]]),
    channels
  ).map(r => Number(r));
  const layout = tableLayout(table);
  const columns: IChannelColumn[] = [];
  for (const column of layout.columns) {
    if (column.indexPaths.length || (column.shape?.length ?? 0) !== 1) {
      continue;
    }
    const all = rowsOf(
      await read(column.path, [[0, layout.rows]]),
      layout.rows
    );
    // References (e.g. `group`) show as their target path: a fine group label.
    const values = rows.map(r => all[r]);
    const numbers = Float64Array.from(values, v =>
      typeof v === 'number' || typeof v === 'bigint'
        ? Number(v)
        : (asNumber(v) ?? NaN)
    );
    const numeric = values.every(
      v => typeof v === 'number' || typeof v === 'bigint'
    );
    columns.push({
      name: column.name,
      text: values.map(v => formatValue(v)),
      numbers,
      numeric
    });
  }
  return { columns };
}

/** Channels that share a value (or all channels, ordered by the value). */
export interface IChannelGroup {
  readonly label: string;
  /** Channel indices of the series, in drawing order. */
  readonly channels: number[];
}

/**
 * Groups of channels by `column`: one group per distinct value when there
 * are at most `MAX_GROUPS` (labels ordered numbers first, numerically),
 * channels in series order within a group; beyond that (x, y, depth), one
 * group of every channel ordered by the value (ties by channel). Without a
 * column, one group in series order.
 */
export function channelGroups(
  count: number,
  column?: IChannelColumn
): IChannelGroup[] {
  const all = Array.from({ length: count }, (_, c) => c);
  if (!column) {
    return [{ label: 'all channels', channels: all }];
  }
  const distinct = [...new Set(column.text)];
  if (distinct.length <= MAX_GROUPS) {
    return distinct.sort(compareLabels).map(label => ({
      label,
      channels: all.filter(c => column.text[c] === label)
    }));
  }
  const key = (c: number) =>
    column.numeric && !Number.isNaN(column.numbers[c])
      ? column.numbers[c]
      : Infinity;
  const ordered = column.numeric
    ? all.sort((a, b) => key(a) - key(b) || a - b)
    : all.sort(
        (a, b) => compareLabels(column.text[a], column.text[b]) || a - b
      );
  return [{ label: `all channels by ${column.name}`, channels: ordered }];
}

/** The channels of one page (`size` from `first`) of a group. */
export function channelPage(
  group: IChannelGroup,
  first: number,
  size: number
): number[] {
  const start = Math.max(0, Math.min(first, group.channels.length - 1));
  return group.channels.slice(start, start + size);
}

/**
 * Consecutive channel runs `[first, count]` of a page, in page order, so a
 * page reads as few contiguous channel blocks as it can.
 */
export function channelRuns(channels: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const c of channels) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === c) {
      last[1]++;
    } else {
      runs.push([c, 1]);
    }
  }
  return runs;
}
