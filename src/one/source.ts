/**
 * One way to reach IBL sessions, whether they sit in a local ONE cache (or a bare session
 * folder) or on a remote Alyx: search, look one up, list its datasets, gather the records its
 * metadata is built from, and materialise its files on disk for the converter. The CLI's
 * commands take a SessionSource (src/cli/source.ts picks it from the options) and never ask
 * which kind it is.
 */
import type { ISessionRecord } from './cache';
import type { ISessionInfo, ISessionSummary } from './sessionSummary';

/** ONE's search filters, as the CLI takes them (all combined with AND). */
export interface ISessionSearch {
  subject?: string;
  /** Inclusive; null is an open end. */
  dateRange?: [string | null, string | null];
  lab?: string;
  project?: string;
  protocol?: string;
  /** Session number of the day, as typed (digits). */
  number?: string;
  /** Dataset names every session must have. */
  datasets?: string[];
}

/** Answers an Alyx REST path like `/sessions/<eid>`; null when it has no answer. */
export type RecordLookup = (path: string) => Promise<unknown | null>;

/** What a session's NWB metadata is built from. */
export interface IMetadataSources {
  eid: string;
  /** Alyx records: the live server, or ONE's REST cache on disk (offline). */
  lookup: RecordLookup;
  /** The session's row of the cache tables, if the source has tables. */
  table: ISessionRecord | null;
  /** The session's folder on disk (for the rig's task settings), if the source has one. */
  sessionDir?: string;
  /** A folder with no cache tables: its session id is made from its path. */
  bareFolder?: boolean;
}

/** Progress of files fetched while materialising. */
export interface IFetchProgress {
  dataset: string;
  bytes: number;
  total: number | null;
  filesDone: number;
  filesTotal: number;
}

export interface IMaterialiseOptions {
  /** Also the raw ephys files (tens of GB a probe). */
  raw?: boolean;
  /** Also the raw videos. */
  video?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: IFetchProgress) => void;
}

/**
 * A session's files on disk, described for the converter. `TOne` is the Node implementation's
 * LocalOne (this module stays free of Node, for the browser).
 */
export interface IMaterialised<TOne = unknown> {
  /** The ONE cache folder the files are in. */
  cacheDir: string;
  one: TOne;
  eid: string;
  /** Set for a bare session folder (no cache tables): where its files are. */
  sessionDir?: string;
  /** A folder with no cache tables: its session id is made from its path. */
  bareFolder?: boolean;
}

export interface ISessionSource<TOne = unknown> {
  /** The ONE cache folder: where the files are, or where a remote source puts them. */
  readonly cacheDir: string | undefined;
  /** The session folder the source was opened on (`convert <folder>`), if any. */
  readonly sessionFolder?: string;
  /** Sessions matching the filters. */
  search(
    filters: ISessionSearch,
    signal?: AbortSignal
  ): Promise<ISessionSummary[]>;
  /** One session by eid or `[lab/Subjects/]subject/date/number`; SessionNotFoundError if unknown. */
  session(id: string, signal?: AbortSignal): Promise<ISessionSummary>;
  /** A session and its datasets (ONE's list_datasets). */
  info(id: string, signal?: AbortSignal): Promise<ISessionInfo>;
  /** Where the session's metadata comes from. */
  metadataSources(id: string, signal?: AbortSignal): Promise<IMetadataSources>;
  /** The session's files on disk (fetched first if the source is remote). */
  materialise(
    id: string,
    options?: IMaterialiseOptions
  ): Promise<IMaterialised<TOne>>;
}
