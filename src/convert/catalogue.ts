/**
 * THE list of modalities: every interface the converter can run, processed and raw alike, in
 * the order it runs them. Everything else reads it: what `--modalities`, `--raw`, `--video`
 * and `--split` choose (plan.ts), what `ibl2nwb info` reports (availability.ts), and through
 * `info --json` what the sidebar and the file-browser dialog show. A new modality is its
 * interface (one file or folder under interfaces/) and one line here.
 */
import type { AskedBy, DandiModality } from './modalityInfo';
import type { ISessionInterface } from './session/context';
import { licksInterface } from './interfaces/licks';
import { localizationInterface } from './interfaces/localization/localization';
import { motionEnergyInterface } from './interfaces/motionEnergy';
import { passiveInterface } from './interfaces/passive/passive';
import { poseInterface } from './interfaces/pose';
import { pupilInterface } from './interfaces/pupil';
import { rawEphysInterface } from './interfaces/rawEphys';
import { rawEphysLfInterface } from './interfaces/rawEphysLf';
import { syncInterface } from './interfaces/sync';
import { probeElectrodesInterface } from './interfaces/spikeSorting/probeElectrodes';
import { spikeSortingInterface } from './interfaces/spikeSorting/spikeSorting';
import { trialsInterface } from './interfaces/trials/trials';
import { rawVideoInterface } from './interfaces/video';
import { wheelInterface } from './interfaces/wheel/wheel';

export interface ICatalogueEntry {
  readonly modality: ISessionInterface;
  readonly askedBy: AskedBy;
  readonly dandi: DandiModality;
  /**
   * Refers to the electrodes table: without spike sorting in the file, the probes'
   * electrodes are written alone before it (plan.ts).
   */
  readonly needs?: 'electrodes';
}

export type Catalogue = readonly ICatalogueEntry[];

export const CATALOGUE: Catalogue = [
  { modality: trialsInterface, askedBy: 'modalities', dandi: 'behavior' },
  { modality: wheelInterface, askedBy: 'modalities', dandi: 'behavior' },
  { modality: licksInterface, askedBy: 'modalities', dandi: 'behavior' },
  { modality: spikeSortingInterface, askedBy: 'modalities', dandi: 'ecephys' },
  { modality: probeElectrodesInterface, askedBy: null, dandi: 'ecephys' },
  {
    modality: localizationInterface,
    askedBy: 'modalities',
    dandi: 'ecephys',
    needs: 'electrodes'
  },
  { modality: poseInterface, askedBy: 'modalities', dandi: 'behavior' },
  { modality: pupilInterface, askedBy: 'modalities', dandi: 'behavior' },
  { modality: motionEnergyInterface, askedBy: 'modalities', dandi: 'behavior' },
  { modality: passiveInterface, askedBy: 'modalities', dandi: 'behavior' },
  {
    modality: rawEphysInterface,
    askedBy: 'raw',
    dandi: 'ecephys',
    needs: 'electrodes'
  },
  {
    modality: rawEphysLfInterface,
    askedBy: 'raw',
    dandi: 'ecephys',
    needs: 'electrodes'
  },
  { modality: syncInterface, askedBy: 'raw', dandi: 'ecephys' },
  { modality: rawVideoInterface, askedBy: 'video', dandi: 'image' }
];

/**
 * The interface that writes the electrodes table alone (the raw file of `--split`, or raw
 * ephys without spike sorting), and the one that writes it with the units.
 */
export const ELECTRODES = probeElectrodesInterface.name;
export const SPIKE_SORTING = spikeSortingInterface.name;
