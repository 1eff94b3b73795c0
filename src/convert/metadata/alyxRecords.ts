/**
 * The subset of Alyx REST records the metadata document is built from
 * (shapes as served by `/sessions/{eid}`, `/subjects/{nickname}`, `/labs/{name}`,
 * `/trajectories?probe_insertion=`). Every field is optional beyond the ids
 * because old servers and offline caches omit many of them.
 */

export interface IAlyxNote {
  text?: string | null;
  user?: string | null;
  date_time?: string | null;
}

export interface IAlyxInsertion {
  id: string;
  name: string;
  model?: string | null;
  serial?: string | null;
  json?: Record<string, unknown> | null;
}

export interface IAlyxSession {
  id: string;
  subject: string;
  start_time: string;
  end_time?: string | null;
  lab?: string | null;
  users?: string[] | null;
  projects?: string[] | null;
  procedures?: string[] | null;
  task_protocol?: string | null;
  number?: number | null;
  location?: string | null;
  type?: string | null;
  narrative?: string | null;
  n_trials?: number | null;
  n_correct_trials?: number | null;
  qc?: string | null;
  extended_qc?: Record<string, unknown> | null;
  notes?: IAlyxNote[] | null;
  probe_insertion?: IAlyxInsertion[] | null;
}

export interface IAlyxGenotypeAllele {
  allele?: string;
  zygosity?: string | number;
}

export interface IAlyxSubject {
  id?: string;
  nickname: string;
  sex?: string | null;
  species?: string | null;
  strain?: string | null;
  line?: string | null;
  birth_date?: string | null;
  genotype?: (string | IAlyxGenotypeAllele)[] | null;
  description?: string | null;
  reference_weight?: number | null;
  responsible_user?: string | null;
}

export interface IAlyxLab {
  name: string;
  institution?: string | null;
  timezone?: string | null;
}

export interface IAlyxTrajectory {
  probe_insertion?: string;
  probe_name?: string;
  provenance?: string;
  x?: number | null;
  y?: number | null;
  z?: number | null;
  depth?: number | null;
  theta?: number | null;
  phi?: number | null;
  roll?: number | null;
  coordinate_system?: string | null;
}

/** What the metadata builder needs; only the session is mandatory. */
export interface IAlyxRecords {
  session: IAlyxSession;
  subject?: IAlyxSubject | null;
  lab?: IAlyxLab | null;
  trajectories?: IAlyxTrajectory[] | null;
  /** Base URL of the Alyx server the records came from, if any. */
  alyx?: string | null;
}
