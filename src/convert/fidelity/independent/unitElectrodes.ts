/**
 * Independent recomputation of the units' `electrodes` column (flat rows of
 * the electrodes table) when it holds the waveform channels, written from
 * NWB's definition and not from interfaces/spikeSorting/unitsTable.ts: the
 * electrodes table holds every channel of each probe, probe after probe, so
 * channel c of probe i is row (channels of probes before i) + c; unit u's
 * electrodes are the rows of `clusters.waveformsChannels[cluster(u), :]` in
 * order, so that `waveform_mean[u, :, k]` is on electrode k.
 */
import { Recomputed } from '../expected';

export interface IProbeWaveformChannels {
  /** Channels of the probe (rows it has in the electrodes table). */
  channels: number;
  /** `clusters.waveformsChannels`, flat [clusters, width]. */
  waveformsChannels: ArrayLike<number>;
  width: number;
  /** Cluster id of each unit of the probe, in table order. */
  unitClusters: ArrayLike<number>;
}

export function recomputeUnitElectrodes(
  probes: IProbeWaveformChannels[]
): Recomputed {
  const rows: number[] = [];
  let before = 0;
  for (const p of probes) {
    for (let u = 0; u < p.unitClusters.length; u++) {
      const start = p.unitClusters[u] * p.width;
      for (let k = 0; k < p.width; k++) {
        rows.push(before + p.waveformsChannels[start + k]);
      }
    }
    before += p.channels;
  }
  return new Recomputed(
    "units' electrodes = probe's first electrodes row + clusters.waveformsChannels[cluster, k], k in order",
    Int32Array.from(rows)
  );
}
