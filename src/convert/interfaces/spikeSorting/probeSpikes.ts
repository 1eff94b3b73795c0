/**
 * A probe's spikes grouped per unit at load time, one dataset at a time, so
 * only the grouped copies stay in memory (tens of millions of spikes).
 */
import {
  DatasetContentError,
  DatasetRowError,
  firstDescendingRow,
  requireFinite
} from '../../session/errors';
import type { SessionData } from '../../session/loaders';
import { countSpikes, gather, scatterByCluster } from './unitsColumns';

export interface IProbeSpikes {
  /** Cluster id of each unit (sorted unique ids of spikes.clusters). */
  clusterIds: Int32Array;
  /** Spikes per unit. */
  counts: Uint32Array;
  /** Per-spike values ordered unit by unit (time order kept within a unit). */
  times: Float64Array;
  /** Amplitudes in µV (ALF volts × 1e6). */
  ampsUv: Float64Array;
  depths: Float64Array;
  /** True when spikes.times was not ascending and the spikes were sorted (sortSpikes). */
  sortedByTime: boolean;
}

export interface ISpikeOrderOptions {
  /** Sort spikes whose times are not ascending instead of failing. */
  sortSpikes?: boolean;
  /** Called once when the spikes were sorted, with what was done. */
  onSorted?: (message: string) => void;
}

/** Called with each per-spike array once grouped per unit (final, in shared memory). */
export type OnGrouped = (values: Float64Array) => void;

/**
 * Spike indices in time order; spikes at the same time keep their file order
 * (a stable sort), so sorting sorted spikes changes nothing.
 */
export function timeOrder(times: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(times.length);
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
  }
  return order.sort((a, b) => times[a] - times[b] || a - b);
}

/**
 * Where spikes.times goes backwards: IBL writes spikes in time order, and NWB
 * needs each unit's spike times ascending (nwbinspector: CRITICAL). Unsorted
 * times mean the file was damaged or written by another tool; they are only
 * sorted when the user asks (sortSpikes), with a note in the report.
 */
function spikeOrder(
  times: Float64Array,
  dataset: string,
  options: ISpikeOrderOptions
): Uint32Array | undefined {
  const row = firstDescendingRow(times);
  if (row < 0) {
    return undefined;
  }
  if (!options.sortSpikes) {
    throw new DatasetRowError(
      dataset,
      row,
      `spike times must be in ascending order but row ${row} (${times[row]}) is earlier than row ${row - 1} (${times[row - 1]})`,
      'Re-download the dataset or pick another revision; to convert these spikes anyway, sort them by time with --sort-spikes (the sortSpikes option), which keeps each spike with its cluster, amplitude and depth.'
    );
  }
  const order = timeOrder(times);
  let moved = 0;
  for (let i = 0; i < order.length; i++) {
    moved += order[i] !== i ? 1 : 0;
  }
  options.onSorted?.(
    `${dataset} was not in ascending order (first at row ${row}); sorted ${times.length} spikes by time (${moved} moved), with their clusters, amplitudes and depths`
  );
  return order;
}

/**
 * `promise`, already running, with its rejection held until it is awaited: a read started
 * ahead of its turn that fails reports its error where it would have been read, never as
 * an unhandled rejection nor ahead of an earlier dataset's error.
 */
function ahead<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The per-spike datasets are read one ahead: the next file is read (on libuv's threads)
 * while this thread counts, checks and groups the current one, instead of waiting for
 * each read in turn (~0.1 s per 100 MB file, ~0.5 s per benchmark conversion). At most
 * one extra file's array is held at a time.
 */
export async function loadProbeSpikes(
  data: SessionData,
  collection: string,
  sources: Map<string, string>,
  nClusters: number,
  options: ISpikeOrderOptions = {},
  onGrouped?: OnGrouped
): Promise<IProbeSpikes> {
  const relPath = (name: string) => {
    const path = data.dataset(collection, name).relPath;
    sources.set(name, path);
    return path;
  };
  const clustersPath = relPath('spikes.clusters.npy');
  const raw = (await data.array(collection, 'spikes.clusters.npy')).data;
  let clusters: ArrayLike<number> =
    raw instanceof BigInt64Array || raw instanceof BigUint64Array
      ? Float64Array.from(raw, Number)
      : (raw as ArrayLike<number>);
  const perSpike = async (name: string) => {
    const path = relPath(name);
    const values = await data.numbers(collection, name);
    if (values.length !== clusters.length) {
      throw new DatasetContentError(
        `${path} / ${clustersPath}`,
        `lengths differ (${values.length} vs ${clusters.length}) although they describe the same spikes`
      );
    }
    return { path, values };
  };
  const timesRead = ahead(perSpike('spikes.times.npy'));
  const g = countSpikes(clusters, clustersPath);
  const last = g.clusterIds[g.clusterIds.length - 1];
  if (last >= nClusters) {
    throw new DatasetContentError(
      clustersPath,
      `spikes belong to cluster ${last} but clusters.* describe only ${nClusters} clusters`
    );
  }
  const times = await timesRead;
  const ampsRead = ahead(perSpike('spikes.amps.npy'));
  requireFinite(times.values, times.path, 'a spike time');
  const order = spikeOrder(times.values, times.path, options);
  if (order) {
    clusters = gather(clusters, order);
  }
  // Every per-spike array in time order (the file's, or the sorted one), then per unit.
  const grouped = (values: Float64Array, scale = 1) => {
    const out = scatterByCluster(
      order ? gather(values, order) : values,
      clusters,
      g.starts,
      scale
    );
    onGrouped?.(out);
    return out;
  };
  const groupedTimes = grouped(times.values);
  const amps = await ampsRead;
  const depthsRead = ahead(perSpike('spikes.depths.npy'));
  const ampsUv = grouped(amps.values, 1e6);
  const depths = grouped((await depthsRead).values);
  return {
    sortedByTime: order !== undefined,
    clusterIds: g.clusterIds,
    counts: g.counts,
    times: groupedTimes,
    ampsUv,
    depths
  };
}
