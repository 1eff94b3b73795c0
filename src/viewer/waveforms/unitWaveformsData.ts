/**
 * Reading what the waveform view of one unit needs: its mean (and SD)
 * waveform row, its electrodes, and the probe geometry of the electrodes
 * table (probe-relative `rel_x`/`rel_y` first).
 */
import { asNumber } from '../model/text';
import { findNode, type INeurodataNode } from '../model/tree';
import type { Reader } from '../spikes/unitSpikes';
import type { IPosition } from './geometry';

/** Coordinate pairs that are a probe's geometry, probe-relative first. */
const GEOMETRY: [string, string][] = [
  ['rel_x', 'rel_y'],
  ['x', 'y']
];

export interface IWaveformColumns {
  readonly mean: INeurodataNode;
  readonly sd: INeurodataNode | null;
  readonly units: number;
  readonly samples: number;
  /** 1 for `[units, samples]`. */
  readonly channels: number;
  /** Samples per second (from `sampling_rate`), or null. */
  readonly rate: number | null;
}

/** The waveform columns of a Units table, or why it has none usable. */
export function waveformColumns(
  node: INeurodataNode
): { columns: IWaveformColumns } | { reason: string } {
  const child = (name: string) =>
    node.children.find(c => c.name === name && c.kind === 'dataset');
  const mean = child('waveform_mean');
  if (!mean) {
    return { reason: 'it has no waveform_mean column' };
  }
  const shape = mean.shape ?? [];
  if (shape.length !== 2 && shape.length !== 3) {
    return {
      reason: `its waveform_mean has shape [${shape.join(', ')}], not [units, samples] or [units, samples, electrodes]`
    };
  }
  const sd = child('waveform_sd');
  const sameShape = sd && (sd.shape ?? []).join() === shape.join();
  return {
    columns: {
      mean,
      sd: sameShape ? sd : null,
      units: shape[0],
      samples: shape[1],
      channels: shape[2] ?? 1,
      rate: asNumber(mean.attrs.sampling_rate) ?? null
    }
  };
}

export interface IProbeGeometry {
  readonly tablePath: string;
  readonly rows: number;
  /** Position of every electrode row (NaN where unknown). */
  readonly positions: IPosition[];
  readonly pair: [string, string];
  /** Probe (group) name of every row, or null. */
  readonly groups: string[] | null;
}

/** The electrodes table the units' `electrodes` column points at. */
export function electrodesTable(
  units: INeurodataNode,
  root: INeurodataNode
): INeurodataNode | undefined {
  const column = units.children.find(c => c.name === 'electrodes');
  const target = column?.attrs.table as
    { reference?: string | null } | undefined;
  return (
    (target?.reference ? findNode(root, target.reference) : undefined) ??
    findNode(root, '/general/extracellular_ephys/electrodes')
  );
}

export async function readGeometry(
  read: Reader,
  table: INeurodataNode
): Promise<IProbeGeometry | null> {
  const column = (name: string) =>
    table.children.find(c => c.name === name && c.kind === 'dataset');
  const pair = GEOMETRY.find(([x, y]) => column(x) && column(y));
  if (!pair) {
    return null;
  }
  const rows = column(pair[0])!.shape?.[0] ?? 0;
  const [xs, ys] = await Promise.all(
    pair.map(async name => toNumberList(await read(column(name)!.path)))
  );
  const groupColumn = column('group_name');
  const groups = groupColumn
    ? Array.from((await read(groupColumn.path)) as ArrayLike<unknown>, String)
    : null;
  return {
    tablePath: table.path,
    rows,
    positions: Array.from({ length: rows }, (_, r) => ({ x: xs[r], y: ys[r] })),
    pair,
    groups
  };
}

/** Every unit's `electrodes` rows (ragged), or null without that column. */
export async function readUnitElectrodes(
  read: Reader,
  units: INeurodataNode
): Promise<number[][] | null> {
  const data = units.children.find(
    c => c.name === 'electrodes' && c.kind === 'dataset'
  );
  const index = units.children.find(
    c => c.name === 'electrodes_index' && c.kind === 'dataset'
  );
  if (!data || !index) {
    return null;
  }
  const [ends, rows] = await Promise.all([
    read(index.path).then(toNumberList),
    read(data.path).then(toNumberList)
  ]);
  return ends.map((end, u) => rows.slice(u === 0 ? 0 : ends[u - 1], end));
}

/** One unit's mean and SD waveform, `[sample][channel]` flat. */
export async function readWaveform(
  read: Reader,
  columns: IWaveformColumns,
  unit: number
): Promise<{ mean: Float64Array; sd: Float64Array | null }> {
  const slice: [number, number][] = [
    [unit, unit + 1],
    [0, columns.samples]
  ];
  if (columns.channels > 1 || columns.mean.shape?.length === 3) {
    slice.push([0, columns.channels]);
  }
  const [mean, sd] = await Promise.all([
    read(columns.mean.path, slice).then(toNumberList),
    columns.sd ? read(columns.sd.path, slice).then(toNumberList) : null
  ]);
  return {
    mean: Float64Array.from(mean),
    sd: sd ? Float64Array.from(sd) : null
  };
}

function toNumberList(values: unknown): number[] {
  return Array.from(values as ArrayLike<number | bigint>, Number);
}
