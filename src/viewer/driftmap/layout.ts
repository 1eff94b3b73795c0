/**
 * Where a Units table keeps what a driftmap needs: the spike trains and two
 * per-spike ragged columns, amplitude and depth, indexed like spike_times.
 */
import type { INeurodataNode } from '../model/tree';
import { unitsLayout, type IUnitsLayout } from '../spikes/unitSpikes';

/**
 * Per-spike column names, preferred first: ibl2nwb and the DANDI 000409
 * release today (µV, µm from the tip), the release's first generation, and
 * common spelling from other writers.
 */
export const AMPLITUDE_COLUMNS = [
  'spike_amplitudes_uV',
  'spike_amplitudes',
  'spike_amplitudes_volts',
  'amplitudes'
];
export const DEPTH_COLUMNS = [
  'spike_distances_from_probe_tip_um',
  'spike_relative_depths',
  'spike_depths',
  'depths'
];
/** Unit columns naming the probe of each unit, preferred first. */
export const PROBE_COLUMNS = ['probe_name', 'electrode_group'];

export interface IPerSpikeColumn {
  readonly name: string;
  readonly path: string;
  readonly indexPath: string;
}

export interface IDriftmapLayout {
  readonly units: IUnitsLayout;
  readonly amplitude: IPerSpikeColumn;
  readonly depth: IPerSpikeColumn;
  /** A unit column naming its probe (text or ElectrodeGroup references), if any. */
  readonly probePath?: string;
}

function perSpike(
  node: INeurodataNode,
  names: string[],
  spikes: number
): IPerSpikeColumn | string {
  const child = (name: string) => node.children.find(c => c.name === name);
  for (const name of names) {
    const data = child(name);
    const index = child(`${name}_index`);
    if (data?.kind !== 'dataset') {
      continue;
    }
    if (index?.kind !== 'dataset') {
      return `its ${name} column has no ${name}_index`;
    }
    if (data.shape?.length !== 1 || data.shape[0] !== spikes) {
      return `its ${name} column has shape [${(data.shape ?? []).join(', ')}], not one value per spike (${spikes} spikes)`;
    }
    return { name, path: data.path, indexPath: index.path };
  }
  return `it has no per-spike ${names[0]} column (nor ${names.slice(1).join(', ')})`;
}

/** The driftmap's datasets of a Units table, or why it cannot have one. */
export function driftmapLayout(
  node: INeurodataNode
): { layout: IDriftmapLayout } | { reason: string } {
  const found = unitsLayout(node);
  if ('reason' in found) {
    return found;
  }
  const times = node.children.find(c => c.name === 'spike_times');
  const spikes = times?.shape?.[0] ?? 0;
  const amplitude = perSpike(node, AMPLITUDE_COLUMNS, spikes);
  const depth = perSpike(node, DEPTH_COLUMNS, spikes);
  if (typeof depth === 'string') {
    return { reason: depth };
  }
  if (typeof amplitude === 'string') {
    return { reason: amplitude };
  }
  const probe = PROBE_COLUMNS.map(name =>
    node.children.find(c => c.name === name && c.kind === 'dataset')
  ).find(c => c?.shape?.[0] === found.layout.units);
  return {
    layout: {
      units: found.layout,
      amplitude,
      depth,
      probePath: probe?.path
    }
  };
}

/** Whether a node is a Units table with per-spike amplitudes and depths. */
export function hasDriftmapColumns(node: INeurodataNode): boolean {
  return 'layout' in driftmapLayout(node);
}
