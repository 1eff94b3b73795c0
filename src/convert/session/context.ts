/** What every modality interface gets: the session's data, the open NWB file, the ledger. */
import type { NWBFile } from '../../nwb/file';
import type { INwbObject } from '../../nwb/context';
import { addProcessingModule } from '../../nwb/containers';
import type { IAtlas, IRegionNames } from './atlas';
import type { DatasetIndex } from './datasetIndex';
import type { SessionData } from './loaders';
import type { FidelityLedger } from '../fidelity/ledger';
import type { IProbeChannels } from '../interfaces/spikeSorting/probeData';
import type { IVideoPlacement } from '../interfaces/video';
import type { IProbeMetadata, IQcPolicyMetadata } from '../metadata/document';
import type { IModalityInterface } from '../modality';
import type { IReportNote } from '../report';

/**
 * What a modality's `datasets()` and `availability()` see: the session's dataset records
 * only. `ibl2nwb info` builds one from the records it lists; a run passes its whole context.
 */
export interface ISessionPlan {
  eid: string;
  data: { readonly index: DatasetIndex };
}

export interface ISessionContext extends ISessionPlan {
  data: SessionData;
  nwb: NWBFile;
  ledger: FidelityLedger;
  /** Allen structure tree with Beryl / Cosmos mappings; null when not available. */
  atlas: IAtlas | null;
  /** Pose x, y become NaN where the likelihood is below this (off when undefined). */
  poseLikelihoodThreshold?: number;
  /** QC gates of this conversion (session/qcPolicy.ts); none when undefined. */
  qcPolicy?: IQcPolicyMetadata;
  /** The session's extended QC outcomes (videoLeft, …) the gates read. */
  videoQc?: Record<string, unknown>;
  /** Written by spike sorting: the electrodes table and each probe's rows, for raw ephys. */
  electrodes?: IProbeElectrodes;
  /** Where raw videos are copied (set when videos are converted). */
  videos?: IVideoPlacement;
  /** The metadata's probe insertions (pid, trajectories), by probe label. */
  probes?: IProbeMetadata[];
  /** Sort spike times that are not in ascending order (with a note) instead of failing. */
  sortSpikes?: boolean;
  /** Tolerated quirks of the source data, copied into the report's `notes`. */
  notes?: IReportNote[];
}

/** Record a tolerated quirk for the report (contract: `notes: [{ step, message }]`). */
export function addNote(
  ctx: ISessionContext,
  step: string,
  message: string
): void {
  (ctx.notes ??= []).push({ step, message });
}

/** A modality of a session conversion: planned from the records, written with the file open. */
export type ISessionInterface = IModalityInterface<
  ISessionContext,
  ISessionPlan
>;

export interface IProbeElectrodes {
  table: INwbObject;
  /**
   * Per probe label (`probe00`): its first electrodes row and the raw channel of each row;
   * the channels and regions the rows were made from (so localization reuses the same values).
   */
  probes: Map<
    string,
    {
      firstRow: number;
      rawInd: Float64Array;
      channels: IProbeChannels;
      regions: IRegionNames[] | null;
    }
  >;
}

/** `/processing/<name>`, created by the first interface that needs it. */
export function processingModule(
  ctx: ISessionContext,
  name: string,
  description: string
): INwbObject {
  const path = `/processing/${name}`;
  if (ctx.nwb.ctx.file.get(path)) {
    return { ctx: ctx.nwb.ctx, path };
  }
  return addProcessingModule(ctx.nwb, name, description);
}
