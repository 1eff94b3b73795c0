/**
 * Per-cluster unit columns: ids, metrics joined on cluster id (DANDI 000409
 * names), depths, waveform duration, peak channel and its brain regions.
 */
import { getColumn } from '../../../one/tables';
import type { IElectrodesWritten } from './electrodes';
import { probeName } from './electrodes';
import type { IProbeUnits, UnitColumns } from './unitsBuilder';
import { METRIC_COLUMNS } from './unitsColumns';

function metric(x: IProbeUnits, name: string): ArrayLike<unknown> | undefined {
  return x.p.metrics
    ? (getColumn(x.p.metrics, name)?.values as ArrayLike<unknown>)
    : undefined;
}

function addMetrics(u: UnitColumns): void {
  const all = (name: string) => u.probes.every(x => x.rows && metric(x, name));
  const at = (x: IProbeUnits, name: string, k: number) =>
    metric(x, name)![x.rows![k]];
  const source = u.source('clusters.metrics.pqt');
  if (all('spike_count')) {
    const values = u.values((x, k) => {
      const n = Number(at(x, 'spike_count', k));
      return Number.isNaN(n) ? -1 : n;
    });
    u.numeric(
      'spike_count',
      'Number of spikes of the unit (-1 when unknown).',
      values,
      `${source}#spike_count`,
      'joined on cluster_id, NaN → -1'
    );
  }
  for (const [from, to, description, scale] of METRIC_COLUMNS) {
    if (all(from) && typeof metric(u.probes[0], from)![0] !== 'string') {
      u.numeric(
        to,
        description,
        u.values((x, k) => Number(at(x, from, k)) * scale),
        `${source}#${from}`,
        scale === 1 ? 'joined on cluster_id' : 'joined on cluster_id, × 1e6'
      );
    }
  }
  if (all('ks2_label')) {
    u.text(
      'kilosort2_label',
      'Kilosort 2 label: good, mua or noise.',
      u.texts((x, k) => String(at(x, 'ks2_label', k))),
      `${source}#ks2_label`,
      'joined on cluster_id'
    );
  }
}

export function addClusterColumns(
  u: UnitColumns,
  electrodes: IElectrodesWritten
): void {
  const probeIndex = new Map(u.probes.map((x, i) => [x.p, i]));
  u.text(
    'unit_name',
    'Probe and index of the unit among the clusters with spikes, e.g. Probe00_3.',
    u.texts(({ p }, k) => `${probeName(p.label)}_${k}`)
  );
  u.text(
    'probe_name',
    'Probe the unit was recorded on.',
    u.texts(({ p }) => probeName(p.label))
  );
  u.numeric(
    'cluster_id',
    'Original spike-sorting cluster id (index into clusters.* of its probe).',
    Int32Array.from(u.values((_x, _k, cid) => cid)),
    u.source('spikes.clusters.npy'),
    'unique cluster ids with spikes'
  );
  if (u.probes.every(({ p }) => p.uuids)) {
    u.text(
      'cluster_uuid',
      'IBL cluster UUID.',
      u.texts(({ p }, _k, cid) => p.uuids![cid]),
      u.source('clusters.uuids.csv'),
      'row of the cluster id'
    );
  }
  addMetrics(u);
  if (u.probes.every(({ p }) => p.clusterDepths)) {
    u.numeric(
      'distance_from_probe_tip_um',
      'Depth of the unit along the probe, from the tip, in micrometres.',
      u.values(({ p }, _k, cid) => p.clusterDepths![cid]),
      u.source('clusters.depths.npy'),
      'row of the cluster id'
    );
  }
  if (u.probes.every(({ p }) => p.peakToTrough)) {
    u.numeric(
      'peak_to_trough_duration_ms',
      'Duration between the trough and the peak of the mean waveform, in milliseconds.',
      u.values(({ p }, _k, cid) => p.peakToTrough![cid]),
      u.source('clusters.peakToTrough.npy'),
      'row of the cluster id'
    );
  }
  u.numeric(
    'max_electrode',
    'Row of the electrodes table of the channel with the largest amplitude.',
    Int32Array.from(
      u.values(
        ({ p }, _k, cid) =>
          electrodes.firstRow[probeIndex.get(p)!] + p.clusterChannels[cid]
      )
    ),
    u.source('clusters.channels.npy'),
    'first electrodes row of the probe + channel'
  );
  if (electrodes.regions.every(r => r)) {
    const region = (x: IProbeUnits, cid: number) =>
      electrodes.regions[probeIndex.get(x.p)!]![x.p.clusterChannels[cid]];
    const where = `${u.source('clusters.channels.npy')} + channels.brainLocationIds_ccf_2017.npy`;
    for (const [name, key, what] of [
      ['allen_location', 'acronym', 'Allen'],
      ['beryl_location', 'beryl', 'Beryl'],
      ['cosmos_location', 'cosmos', 'Cosmos']
    ] as const) {
      u.text(
        name,
        `${what} acronym of the brain region of the peak channel.`,
        u.texts((x, _k, cid) => region(x, cid)[key]),
        where,
        'region of the peak channel'
      );
    }
  }
}
