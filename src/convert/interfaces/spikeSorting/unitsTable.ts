/**
 * Units of every probe → the `/units` table of the DANDI 000409 release: ragged
 * spike times, amplitudes (µV) and depths, per-cluster columns, the mean
 * waveforms and, as each unit's electrodes, the channels they are on (or,
 * without clusters.waveformsChannels, the channels near the peak).
 */
import type { IArrayStream } from '../../../nwb/array';
import { spikeColumnChunks } from '../../../nwb/chunks';
import type { IUnitsSpec } from '../../../nwb/units';
import { getColumn } from '../../../one/tables';
import type { IArrayCheck } from '../../modality';
import type { FidelityLedger } from '../../fidelity/ledger';
import { recomputeUnitElectrodes } from '../../fidelity/independent/unitElectrodes';
import type { IElectrodesWritten } from './electrodes';
import type { IProbeSorting } from './probeData';
import { IProbeUnits, UnitColumns } from './unitsBuilder';
import { addClusterColumns } from './unitsClusterColumns';
import { metricRows, neighbourChannels } from './unitsColumns';
import { waveformPlacement } from './waveformChannels';

/**
 * Per-probe parts written one after the other: no concatenated copy; chunked for
 * remote raster windows (`spikeColumnChunks`).
 */
function stream(parts: Float64Array[]): IArrayStream {
  const rows = parts.reduce((n, part) => n + part.length, 0);
  const chunks = spikeColumnChunks(8, rows);
  return { dtype: 'float64', tail: [], slices: parts, rows, chunks };
}

function groupProbe(p: IProbeSorting): IProbeUnits {
  const g = { clusterIds: p.spikes.clusterIds };
  const ids = p.metrics && getColumn(p.metrics, 'cluster_id');
  const rows = ids
    ? metricRows(
        Array.from(ids.values as ArrayLike<number | bigint>, Number),
        g.clusterIds,
        p.sources.get('clusters.metrics.pqt')!
      )
    : undefined;
  return { p, g, rows };
}

/**
 * Mean waveforms [units, samples, channels], each channel on the unit's
 * electrode of the same index (callers check `waveformPlacement` first).
 */
function waveformMean(
  per: IProbeUnits[]
): NonNullable<IUnitsSpec['waveformMean']> {
  const [samples, channels] = per[0].p.waveforms!.shape.slice(1);
  const size = samples * channels;
  const units = per.reduce((n, x) => n + x.g.clusterIds.length, 0);
  const values = new Float32Array(units * size);
  let at = 0;
  for (const { p, g } of per) {
    for (const cid of g.clusterIds) {
      values.set(
        p.waveforms!.values.subarray(cid * size, (cid + 1) * size),
        at
      );
      at += size;
    }
  }
  return { values, shape: [units, samples, channels], samplingRate: 30000 };
}

/** The probe channels of a unit's waveform, in order: row `cid` of clusters.waveformsChannels. */
function waveformChannelsOf(p: IProbeSorting, cid: number): number[] {
  const width = p.waveformChannels!.shape[1];
  return Array.from(
    { length: width },
    (_, k) => p.waveformChannels!.values[cid * width + k]
  );
}

const PLACED_ELECTRODES =
  "Electrodes of the unit's mean waveform, in the order of waveform_mean's last axis (waveform_mean[:, :, k] is on the unit's k-th electrode): the probe channels of IBL's clusters.waveformsChannels, nearest the peak channel first. The peak channel itself is max_electrode (clusters.channels).";
const NEAR_ELECTRODES =
  "Electrodes within 200 µm of the unit's peak channel (IBL clusters.channels, also max_electrode), nearest first.";

export function unitsSpec(
  probes: IProbeSorting[],
  electrodes: IElectrodesWritten,
  ledger: FidelityLedger
): { spec: IUnitsSpec; checks: IArrayCheck[]; notes: string[] } {
  const per = probes.map(groupProbe);
  const placement = waveformPlacement(probes);
  const notes = !placement.placed && placement.reason ? [placement.reason] : [];
  const u = new UnitColumns(per, ledger);
  const counts = Uint32Array.from(
    per.flatMap(({ p }) => Array.from(p.spikes.counts))
  );
  const ends = new Float64Array(counts.length);
  counts.reduce((total, n, i) => (ends[i] = total + n), 0);
  const times = probes.map(p => p.spikes.times);
  const amps = probes.map(p => p.spikes.ampsUv);
  const depths = probes.map(p => p.spikes.depths);
  u.columns.push(
    {
      name: 'spike_amplitudes_uV',
      description: 'Amplitude of each spike, in microvolts.',
      ragged: { lengths: counts, values: stream(amps) }
    },
    {
      name: 'spike_distances_from_probe_tip_um',
      description:
        'Depth of each spike along the probe, from the tip, in micrometres.',
      ragged: { lengths: counts, values: stream(depths) }
    }
  );
  const sorted = probes.some(p => p.spikes.sortedByTime)
    ? 'sorted by time (sortSpikes), '
    : '';
  u.checks.push(
    ledger.expect(
      u.source('spikes.times.npy'),
      '/units/spike_times',
      { parts: times },
      `${sorted}grouped by spikes.clusters, time order kept`
    ),
    ledger.expect(
      u.source('spikes.clusters.npy'),
      '/units/spike_times_index',
      ends,
      'cumulative spike count per unit'
    ),
    ledger.expect(
      u.source('spikes.amps.npy'),
      '/units/spike_amplitudes_uV',
      { parts: amps },
      `${sorted}volts × 1e6, grouped by unit`
    ),
    ledger.expect(
      u.source('spikes.depths.npy'),
      '/units/spike_distances_from_probe_tip_um',
      { parts: depths },
      `${sorted}grouped by unit`
    )
  );
  addClusterColumns(u, electrodes);
  const groupOf = new Map(probes.map((p, i) => [p, i]));
  const spec: IUnitsSpec = {
    description:
      'Units from IBL spike sorting (iblsorter / pykilosort, a Kilosort 2.5 port); see the IBL spike sorting white paper, figshare 10.6084/m9.figshare.19705522.',
    spikeTimes: { counts, values: stream(times) },
    spikeTimesResolution: 1 / 30000,
    electrodes: {
      table: electrodes.table,
      description: placement.placed ? PLACED_ELECTRODES : NEAR_ELECTRODES,
      rows: per.flatMap(({ p, g }) => {
        const first = electrodes.firstRow[groupOf.get(p)!];
        if (placement.placed) {
          return Array.from(g.clusterIds, cid =>
            waveformChannelsOf(p, cid).map(c => c + first)
          );
        }
        const x = p.localCoordinates.filter((_v, j) => j % 2 === 0);
        const y = p.localCoordinates.filter((_v, j) => j % 2 === 1);
        return Array.from(g.clusterIds, cid =>
          neighbourChannels(p.clusterChannels[cid], x, y).map(c => c + first)
        );
      })
    },
    electrodeGroup: per.flatMap(({ p, g }) =>
      Array.from(g.clusterIds, () => electrodes.groups[groupOf.get(p)!])
    ),
    columns: u.columns
  };
  u.checks.push(electrodesCheck(u, per, spec, placement.placed, ledger));
  if (placement.placed) {
    const waveforms = waveformMean(per);
    spec.waveformMean = waveforms;
    u.checks.push(
      ledger.expect(
        u.source('clusters.waveforms.npy'),
        '/units/waveform_mean',
        { values: waveforms.values, shape: waveforms.shape },
        'rows of the unit clusters, volts'
      )
    );
  }
  return { spec, checks: u.checks, notes };
}

/** The units' electrodes: recomputed independently when they are the waveform channels. */
function electrodesCheck(
  u: UnitColumns,
  per: IProbeUnits[],
  spec: IUnitsSpec,
  placed: boolean,
  ledger: FidelityLedger
): IArrayCheck {
  if (placed) {
    return ledger.expect(
      u.source('clusters.waveformsChannels.npy'),
      '/units/electrodes',
      recomputeUnitElectrodes(
        per.map(({ p, g }) => ({
          channels: p.rawInd.length,
          waveformsChannels: p.waveformChannels!.values,
          width: p.waveformChannels!.shape[1],
          unitClusters: g.clusterIds
        }))
      ),
      "the unit's row of clusters.waveformsChannels, as electrodes rows, in order"
    );
  }
  return ledger.expect(
    `${u.source('clusters.channels.npy')} + channels.localCoordinates.npy`,
    '/units/electrodes',
    Int32Array.from(spec.electrodes!.rows.flat()),
    'electrodes rows of the channels within 200 µm of the peak channel, nearest first'
  );
}
