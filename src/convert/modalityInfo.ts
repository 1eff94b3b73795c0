/**
 * What `ibl2nwb info --json` says of each modality (`interfaces`), as the sidebar and the
 * file-browser dialog read it from the server's session route. Types only (no Node, no
 * h5wasm): the browser code imports them.
 */
import type { ISessionInfo } from '../one/sessionSummary';

/** The release's split: processed modalities, or raw data (written only when asked). */
export type ModalityKind = 'processed' | 'raw';

/**
 * What asks for a modality in a conversion: its name in `--modalities` (processed), `--raw`
 * (every raw ephys interface), `--video`, or nothing (written where another needs it).
 */
export type AskedBy = 'modalities' | 'raw' | 'video' | null;

/** DANDI's word for the data a file holds, used in its file name (`…_behavior+ecephys.nwb`). */
export type DandiModality = 'behavior' | 'ecephys' | 'image';

/** One modality of the catalogue, judged for one session. */
export interface IModalityAvailability {
  name: string;
  title: string;
  kind: ModalityKind;
  available: boolean;
  /** Always set: the datasets that make it available, or why it is not. */
  reason: string;
  askedBy: AskedBy;
  dandi: DandiModality;
}

/** `info --json`: the session, its datasets, and the catalogue's modalities for it. */
export interface ISessionModalities extends ISessionInfo {
  interfaces: IModalityAvailability[];
}
