/**
 * What the CLI's `search --json` and `info --json` print about a session, and what the
 * sidebar reads from the server's search and session routes (which pass those lines on):
 * one shape for both sides, with ONE's column names. Types only: the sidebar imports it.
 */

/** One row of a search (ONE's sessions table columns). */
export interface ISessionSummary {
  eid: string;
  lab: string;
  subject: string;
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  number: number | null;
  task_protocol: string;
}

/** A session as `info` shows it: Alyx gives users and probes, the cache tables only projects. */
export interface ISessionDetail extends ISessionSummary {
  /** The cache tables' comma-separated text, or Alyx's list. */
  projects?: string | string[];
  users?: string[];
  probes?: string[];
}

/** One dataset of a session (ONE's datasets table columns). */
export interface IDatasetSummary {
  rel_path: string;
  file_size: number | null;
  qc: string;
  exists: boolean;
}

/** `info --json`: the session and its datasets, sorted by `rel_path`. */
export interface ISessionInfo {
  session: ISessionDetail;
  datasets: IDatasetSummary[];
}
