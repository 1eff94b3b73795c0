/**
 * One probe's spike sorting as ALF gives it (`alf/<probe>[/<sorter>]`):
 * spikes, clusters and channels, loaded and checked for consistency.
 */
import { parseSpikeGlxMeta } from '../../../one/spikeglx';
import { getColumn, type ITable } from '../../../one/tables';
import { readFileBytes } from '../../../one/node/files';
import type { Availability, IDatasetNeed } from '../../modality';
import type { DatasetIndex } from '../../session/datasetIndex';
import { DatasetContentError, DatasetRowError } from '../../session/errors';
import type { SessionData } from '../../session/loaders';
import {
  IProbeSpikes,
  ISpikeOrderOptions,
  loadProbeSpikes,
  OnGrouped
} from './probeSpikes';
import { checkWaveforms } from './waveformChannels';

/** Sorter sub-collections in the order SpikeSortingLoader prefers them. */
const SORTERS = ['iblsorter', 'pykilosort', ''];

export interface IProbeLocation {
  /** `probe00` */
  label: string;
  /** `alf/probe00/pykilosort` */
  collection: string;
}

/** The ALF objects of a spike sorting: any of them marks a probe as sorted. */
const SORTING_OBJECTS = ['spikes.*', 'clusters.*'];

/**
 * Probes with spike sorting, each with the collection of its preferred
 * sorter. A probe counts when any spikes.* or clusters.* file is there, so
 * a probe whose spikes.times is missing is damaged (its conversion fails
 * naming the file), not silently left out of the file.
 */
export function findProbes(index: DatasetIndex): IProbeLocation[] {
  const sorted = (collection: string) =>
    SORTING_OBJECTS.flatMap(name => index.glob(collection, name));
  const labels = new Set(
    [...sorted('alf/probe*'), ...sorted('alf/probe*/*')].map(
      d => d.collection.split('/')[1]
    )
  );
  const out: IProbeLocation[] = [];
  for (const label of [...labels].sort()) {
    const collections = SORTERS.map(sorter =>
      sorter ? `alf/${label}/${sorter}` : `alf/${label}`
    );
    // The preferred sorter with spikes; else the first with any sorting file.
    const collection =
      collections.find(c => index.find(c, 'spikes.times.npy')) ??
      collections.find(c => sorted(c).length > 0);
    if (collection) {
      out.push({ label, collection });
    }
  }
  return out;
}

/**
 * The datasets of every probe with spikes: `required` and `optional` names
 * in its sorting collection, and its SpikeGLX `.ap.meta` (optional).
 */
export function probeDatasetNeeds(
  index: DatasetIndex,
  required: string[],
  optional: string[]
): IDatasetNeed[] {
  return findProbes(index).flatMap(p => [
    ...required.map(name => ({ name, collection: p.collection })),
    ...optional.map(name => ({
      name,
      collection: p.collection,
      optional: true
    })),
    {
      name: '*.ap.meta',
      collection: `raw_ephys_data/${p.label}`,
      optional: true
    }
  ]);
}

/** Available when the session has probes with spikes and their needed datasets. */
export function probeAvailability(
  index: DatasetIndex,
  needs: IDatasetNeed[]
): Availability {
  if (findProbes(index).length === 0) {
    return {
      available: false,
      reason:
        'the session has no alf/probe*/spikes.times.npy in its dataset records'
    };
  }
  return index.availability(needs);
}

export const REQUIRED = [
  'spikes.times.npy',
  'spikes.clusters.npy',
  'spikes.amps.npy',
  'spikes.depths.npy',
  'clusters.channels.npy',
  'channels.rawInd.npy',
  'channels.localCoordinates.npy'
];

/** Read when present; each adds unit or electrode columns. */
export const OPTIONAL = [
  'clusters.depths.npy',
  'clusters.peakToTrough.npy',
  'clusters.uuids.csv',
  'clusters.metrics.pqt',
  'clusters.waveforms.npy',
  'clusters.waveformsChannels.npy',
  'channels.mlapdv.npy',
  'channels.brainLocationIds_ccf_2017.npy'
];

/** What the electrodes table needs of a probe: its channels and hardware. */
export interface IProbeChannels extends IProbeLocation {
  /** rel_path of each dataset read, by file name. */
  sources: Map<string, string>;
  rawInd: Float64Array;
  /** [channels, 2] x, y µm on the probe */
  localCoordinates: Float64Array;
  /** [channels, 3] ML, AP, DV µm from bregma */
  mlapdv?: Float64Array;
  atlasIds?: Float64Array;
  serialNumber?: string;
  probeType?: string;
}

/** The channel datasets (and the SpikeGLX .meta) the electrodes table reads. */
export const CHANNEL_REQUIRED = [
  'channels.rawInd.npy',
  'channels.localCoordinates.npy'
];
export const CHANNEL_OPTIONAL = [
  'channels.mlapdv.npy',
  'channels.brainLocationIds_ccf_2017.npy'
];

export interface IProbeSorting extends IProbeChannels {
  spikes: IProbeSpikes;
  clusterChannels: Float64Array;
  clusterDepths?: Float64Array;
  peakToTrough?: Float64Array;
  uuids?: string[];
  metrics?: ITable;
  /** [clusters, samples, channels] */
  waveforms?: { values: Float32Array; shape: number[] };
  /** [clusters, channels]: the probe channel of each channel of `waveforms`. */
  waveformChannels?: { values: ArrayLike<number>; shape: number[] };
}

function datasetReader(
  data: SessionData,
  collection: string,
  sources: Map<string, string>
) {
  const has = (name: string) => data.index.find(collection, name) !== undefined;
  const numbers = async (name: string, columns = 1) => {
    sources.set(name, data.dataset(collection, name).relPath);
    return data.numbers(collection, name, columns);
  };
  const optional = async (name: string, columns = 1) =>
    has(name) ? numbers(name, columns) : undefined;
  return { has, numbers, optional };
}

/** A probe's channels, geometry, histology and hardware (no spikes). */
export async function loadProbeChannels(
  data: SessionData,
  probe: IProbeLocation,
  sources = new Map<string, string>()
): Promise<IProbeChannels> {
  const { numbers, optional } = datasetReader(data, probe.collection, sources);
  const p: IProbeChannels = {
    ...probe,
    sources,
    rawInd: await numbers('channels.rawInd.npy'),
    localCoordinates: await numbers('channels.localCoordinates.npy', 2),
    mlapdv: await optional('channels.mlapdv.npy', 3),
    atlasIds: await optional('channels.brainLocationIds_ccf_2017.npy')
  };
  const meta = data.index.glob(`raw_ephys_data/${probe.label}`, '*.ap.meta')[0];
  if (meta) {
    const path = await data.path(meta.collection, meta.name);
    const parsed = parseSpikeGlxMeta(
      new TextDecoder().decode(await readFileBytes(path)),
      path
    );
    p.serialNumber = parsed.serialNumber;
    p.probeType = parsed.probeType;
  }
  checkChannels(p);
  return p;
}

/**
 * One row per channel in every channel dataset, and Allen ids that are integers: else a
 * coordinate or region would be NaN or 'void' without a word (the electrodes table and the
 * localization tables index them by channel).
 */
function checkChannels(p: IProbeChannels): void {
  const n = p.rawInd.length;
  const src = (name: string) =>
    p.sources.get(name) ?? `${p.collection}/${name}`;
  for (const [name, values, columns] of [
    ['channels.localCoordinates.npy', p.localCoordinates, 2],
    ['channels.mlapdv.npy', p.mlapdv, 3],
    ['channels.brainLocationIds_ccf_2017.npy', p.atlasIds, 1]
  ] as const) {
    if (values && values.length !== columns * n) {
      throw new DatasetContentError(
        src(name),
        `has ${values.length / columns} rows but channels.rawInd has ${n}`
      );
    }
  }
  const bad = p.atlasIds?.findIndex(id => !Number.isInteger(id)) ?? -1;
  if (bad >= 0) {
    throw new DatasetRowError(
      src('channels.brainLocationIds_ccf_2017.npy'),
      bad,
      `row ${bad} holds ${p.atlasIds![bad]}, not an Allen atlas id`
    );
  }
}

export async function loadProbe(
  data: SessionData,
  probe: IProbeLocation,
  order: ISpikeOrderOptions = {},
  onGrouped?: OnGrouped
): Promise<IProbeSorting> {
  const { collection } = probe;
  const sources = new Map<string, string>();
  const { has, numbers, optional } = datasetReader(data, collection, sources);
  const clusterChannels = await numbers('clusters.channels.npy');
  const p: IProbeSorting = {
    ...(await loadProbeChannels(data, probe, sources)),
    spikes: await loadProbeSpikes(
      data,
      collection,
      sources,
      clusterChannels.length,
      order,
      onGrouped
    ),
    clusterChannels,
    clusterDepths: await optional('clusters.depths.npy'),
    peakToTrough: await optional('clusters.peakToTrough.npy')
  };
  if (has('clusters.uuids.csv')) {
    sources.set(
      'clusters.uuids.csv',
      data.dataset(collection, 'clusters.uuids.csv').relPath
    );
    const t = await data.table(collection, 'clusters.uuids.csv');
    p.uuids = Array.from(
      (getColumn(t, 'uuids')?.values ?? []) as ArrayLike<unknown>,
      String
    );
  }
  if (has('clusters.metrics.pqt')) {
    sources.set(
      'clusters.metrics.pqt',
      data.dataset(collection, 'clusters.metrics.pqt').relPath
    );
    p.metrics = await data.table(collection, 'clusters.metrics.pqt');
  }
  if (has('clusters.waveforms.npy')) {
    sources.set(
      'clusters.waveforms.npy',
      data.dataset(collection, 'clusters.waveforms.npy').relPath
    );
    const w = await data.array(collection, 'clusters.waveforms.npy');
    if (w.shape.length === 3) {
      p.waveforms = {
        values: Float32Array.from(w.data as Float32Array),
        shape: w.shape
      };
    }
  }
  if (p.waveforms && has('clusters.waveformsChannels.npy')) {
    sources.set(
      'clusters.waveformsChannels.npy',
      data.dataset(collection, 'clusters.waveformsChannels.npy').relPath
    );
    const c = await data.array(collection, 'clusters.waveformsChannels.npy');
    p.waveformChannels = {
      values: Float64Array.from(c.data as ArrayLike<number | bigint>, Number),
      shape: c.shape
    };
  }
  checkProbe(p);
  checkWaveforms(p);
  return p;
}

function checkProbe(p: IProbeSorting): void {
  const src = (name: string) =>
    p.sources.get(name) ?? `${p.collection}/${name}`;
  const channels = p.rawInd.length;
  const nClusters = p.clusterChannels.length;
  for (const [name, values] of [
    ['clusters.depths.npy', p.clusterDepths],
    ['clusters.peakToTrough.npy', p.peakToTrough]
  ] as const) {
    if (values && values.length !== nClusters) {
      throw new DatasetContentError(
        src(name),
        `has ${values.length} rows but clusters.channels has ${nClusters}`
      );
    }
  }
  const badChannel = p.clusterChannels.findIndex(
    c => !(c >= 0 && c < channels)
  );
  if (badChannel >= 0) {
    throw new DatasetContentError(
      src('clusters.channels.npy'),
      `cluster ${badChannel} has channel ${p.clusterChannels[badChannel]}, outside the ${channels} channels`
    );
  }
}
