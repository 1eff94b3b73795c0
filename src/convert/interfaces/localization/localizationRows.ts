/**
 * The rows of the release's localization tables, from the very values the electrodes table
 * was written with (each probe's channels and regions, as `writeProbeElectrodes` kept them):
 * one row per electrode of every probe with histology, IBL bregma (ML, AP, DV) µm, CCF
 * (AP, DV, ML) µm by the electrodes' own transform, atlas id and Allen / Beryl / Cosmos
 * acronyms. Histology here means IBL's resolved alignment as ALF files give it
 * (SpikeSortingLoader's histology 'alf'): the probe's `channels.mlapdv.npy` and
 * `channels.brainLocationIds_ccf_2017.npy`, which IBL writes once the alignment is resolved.
 */
import type { IRegionNames } from '../../session/atlas';
import type { IProbeElectrodes } from '../../session/context';
import { ccfFromBregma, probeName } from '../spikeSorting/electrodes';

/** The histology datasets of a probe: IBL writes both once its alignment is resolved. */
export const HISTOLOGY = [
  'channels.mlapdv.npy',
  'channels.brainLocationIds_ccf_2017.npy'
];

/** Every localized electrode, in electrodes-table order. */
export interface ILocalizationRows {
  /** Probes localized (`probe00`), and the collections their channels came from. */
  labels: string[];
  collections: string[];
  /** rel_path of each histology dataset read, per probe, by file name. */
  sources: Map<string, string>[];
  /** electrodes-table row of each localized electrode. */
  electrodeRows: number[];
  probeNames: string[];
  /** [rows, 3] ML, AP, DV µm from bregma, as in channels.mlapdv.npy. */
  mlapdv: Float64Array;
  /** CCF AP, DV, ML µm (the electrodes table's x, y, z). */
  ccf: Float64Array[];
  atlasIds: Float64Array;
  regions: IRegionNames[];
}

/** A probe left out of the tables, and why (a report note). */
export interface IUnlocalizedProbe {
  label: string;
  reason: string;
}

/** The localized rows of every probe with histology; the other probes with the reason. */
export function localizationRows(electrodes: IProbeElectrodes): {
  rows: ILocalizationRows;
  skipped: IUnlocalizedProbe[];
} {
  const rows: ILocalizationRows = {
    labels: [],
    collections: [],
    sources: [],
    electrodeRows: [],
    probeNames: [],
    mlapdv: new Float64Array(0),
    ccf: [],
    atlasIds: new Float64Array(0),
    regions: []
  };
  const skipped: IUnlocalizedProbe[] = [];
  const mlapdv: number[] = [];
  const atlasIds: number[] = [];
  for (const [label, probe] of electrodes.probes) {
    const p = probe.channels;
    if (!p.mlapdv || !p.atlasIds) {
      const missing = [
        ...(p.mlapdv ? [] : [HISTOLOGY[0]]),
        ...(p.atlasIds ? [] : [HISTOLOGY[1]])
      ];
      skipped.push({
        label,
        reason: `${p.collection} has no ${missing.join(' or ')} (no resolved histology alignment): its electrodes are not localized`
      });
      continue;
    }
    if (!probe.regions) {
      skipped.push({
        label,
        reason: 'no brain regions without the iblatlas tables'
      });
      continue;
    }
    rows.labels.push(label);
    rows.collections.push(p.collection);
    rows.sources.push(p.sources);
    const name = probeName(label);
    for (let c = 0; c < p.rawInd.length; c++) {
      rows.electrodeRows.push(probe.firstRow + c);
      rows.probeNames.push(name);
      mlapdv.push(p.mlapdv[3 * c], p.mlapdv[3 * c + 1], p.mlapdv[3 * c + 2]);
      atlasIds.push(p.atlasIds[c]);
      rows.regions.push(probe.regions[c]);
    }
  }
  rows.mlapdv = Float64Array.from(mlapdv);
  rows.atlasIds = Float64Array.from(atlasIds);
  rows.ccf = ccfFromBregma(iblColumns(rows.mlapdv));
  return { rows, skipped };
}

/** The ML, AP and DV columns of (ML, AP, DV) rows. */
export function iblColumns(mlapdv: ArrayLike<number>): number[][] {
  const n = Math.floor(mlapdv.length / 3);
  return [0, 1, 2].map(k =>
    Array.from({ length: n }, (_, row) => mlapdv[3 * row + k])
  );
}
