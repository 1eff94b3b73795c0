/**
 * The NWB metadata document: what the converter writes into /general and the
 * root of the NWB file. It is plain JSON so users can save, edit and reload it.
 */

export const METADATA_SCHEMA_VERSION = 1;

export interface INwbFileMetadata {
  identifier: string;
  session_id: string;
  session_description: string;
  /** ISO 8601 with a UTC offset, e.g. 2024-03-01T09:12:00+01:00. */
  session_start_time: string;
  timestamps_reference_time?: string;
  experimenter: string[];
  experiment_description?: string;
  keywords: string[];
  institution?: string;
  lab?: string;
  protocol?: string;
  notes?: string;
  related_publications: string[];
}

export interface ISubjectMetadata {
  subject_id: string;
  species?: string;
  sex: 'M' | 'F' | 'U' | 'O';
  strain?: string;
  genotype?: string;
  description?: string;
  date_of_birth?: string;
  /** ISO 8601 duration, e.g. P92D. */
  age?: string;
  /** Text with its unit, as NWB stores it, e.g. "0.0253 kg". */
  weight?: string;
  /** Alyx subject UUID (kept by the IBL extension). */
  uuid?: string;
}

export interface ITrajectoryMetadata {
  provenance: string;
  /** Allen CCF / IBL-Bregma micrometres. */
  x: number | null;
  y: number | null;
  z: number | null;
  depth: number | null;
  theta: number | null;
  phi: number | null;
  roll: number | null;
  coordinate_system?: string;
}

export interface IProbeMetadata {
  name: string;
  pid: string;
  model?: string;
  serial?: string;
  trajectories: ITrajectoryMetadata[];
  /** Alyx insertion `json.extended_qc.alignment_resolved`: the histology alignment is final. */
  alignment_resolved?: boolean;
}

/**
 * QC gates of the conversion (the release's: exclude CRITICAL/FAIL videos, require a
 * resolved alignment, pose likelihood 0.9); absent = no gate.
 */
export interface IQcPolicyMetadata {
  /** Camera-derived data (video, pose, pupil, motion energy) of a camera with this video QC are left out. */
  exclude_video_qc: string[];
  /** Anatomical localisation only for probes whose histology alignment is resolved. */
  require_resolved_alignment: boolean;
  /** Pose x, y become NaN where the likelihood is below this. */
  pose_likelihood_threshold?: number;
}

/** What the 2026 DANDI release drops and we keep (LabMetaData `ibl_metadata`). */
export interface IIblSessionMetadata {
  eid: string;
  session_number?: number;
  projects: string[];
  task_protocol?: string;
  location?: string;
  end_time?: string;
  n_trials?: number;
  n_correct_trials?: number;
  qc?: string;
  /** Extended QC summary: check name → outcome (string or number). */
  extended_qc: Record<string, string | number | boolean | null>;
  /**
   * ALF revision to convert (e.g. the release's `2025-05-06`): each dataset at its last
   * revision at or before it (ONE's rule). Empty: each dataset's default revision.
   */
  revision?: string;
  /** Revision used per modality, filled in by the converter. */
  revisions: Record<string, string>;
}

export interface INwbMetadata {
  schema_version: number;
  /** Where the document came from; informational. */
  source: { alyx?: string; created: string };
  NWBFile: INwbFileMetadata;
  Subject: ISubjectMetadata;
  Probes: IProbeMetadata[];
  Ibl: IIblSessionMetadata;
  QcPolicy?: IQcPolicyMetadata;
}
