/**
 * A probe's spikes grouped per unit at load time, one dataset at a time, so
 * only the grouped copies stay in memory (tens of millions of spikes).
 */
import { DatasetContentError, requireFinite } from '../session/errors';
import type { SessionData } from '../session/loaders';
import { countSpikes, scatterByCluster } from './unitsColumns';

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
}

export async function loadProbeSpikes(
  data: SessionData,
  collection: string,
  sources: Map<string, string>,
  nClusters: number
): Promise<IProbeSpikes> {
  const relPath = (name: string) => {
    const path = data.dataset(collection, name).relPath;
    sources.set(name, path);
    return path;
  };
  const clustersPath = relPath('spikes.clusters.npy');
  const raw = (await data.array(collection, 'spikes.clusters.npy')).data;
  const clusters: ArrayLike<number> =
    raw instanceof BigInt64Array || raw instanceof BigUint64Array
      ? Float64Array.from(raw, Number)
      : (raw as ArrayLike<number>);
  const g = countSpikes(clusters, clustersPath);
  const last = g.clusterIds[g.clusterIds.length - 1];
  if (last >= nClusters) {
    throw new DatasetContentError(
      clustersPath,
      `spikes belong to cluster ${last} but clusters.* describe only ${nClusters} clusters`
    );
  }
  const grouped = async (name: string, scale = 1, isTime = false) => {
    const path = relPath(name);
    const values = await data.numbers(collection, name);
    if (values.length !== clusters.length) {
      throw new DatasetContentError(
        `${path} / ${clustersPath}`,
        `lengths differ (${values.length} vs ${clusters.length}) although they describe the same spikes`
      );
    }
    if (isTime) {
      requireFinite(values, path, 'a spike time');
    }
    return scatterByCluster(values, clusters, g.starts, scale);
  };
  return {
    clusterIds: g.clusterIds,
    counts: g.counts,
    times: await grouped('spikes.times.npy', 1, true),
    ampsUv: await grouped('spikes.amps.npy', 1e6),
    depths: await grouped('spikes.depths.npy')
  };
}
