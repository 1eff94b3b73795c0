/** The sidebar's calls to the server extension's search and session routes. */
import type { INwbMetadata } from '../convert/metadata/document';
import type {
  IModalityAvailability,
  ISessionModalities
} from '../convert/modalityInfo';
import type { IMetadataProblem } from '../convert/metadata/validate';
import type { IDatasetSummary, ISessionSummary } from '../one/sessionSummary';
import { requestAPI } from '../server';

// The shapes of `ibl2nwb search --json` and `info --json`, which the routes pass on.
export type { IDatasetSummary, IModalityAvailability, ISessionSummary };

/**
 * `info --json` as the session route passes it on: the session, its datasets, and the
 * converter's modalities for it (`interfaces`: the only list the sidebar shows).
 */
export type ISessionInfo = ISessionModalities;

/**
 * Where sessions come from: a local ONE cache folder, or (when `alyx` is set)
 * a remote Alyx the server is logged in to.
 */
export interface IDataSource {
  /** ONE cache folder relative to the server root; '' = the bundled sample. */
  cache: string;
  /** An Alyx base URL: search it instead of the cache (the server holds the token). */
  alyx?: string;
}

/** A stable key of a source (e.g. to reset state when it changes). */
export function sourceKey(source: IDataSource): string {
  return source.alyx ? `alyx:${source.alyx}` : `cache:${source.cache}`;
}

function sourceParams(source: IDataSource): Record<string, string> {
  return source.alyx ? { alyx: source.alyx } : { cache: source.cache };
}

export interface ISearchFilters extends IDataSource {
  subject?: string;
  dateFrom?: string;
  dateTo?: string;
  lab?: string;
  project?: string;
  protocol?: string;
  /** Dataset names every session must have, comma-separated (e.g. `spikes.times.npy, trials.table.pqt`). */
  datasets?: string;
}

/** A query string; a list value repeats its key (`dataset=a&dataset=b`). */
export function query(
  params: Record<string, string | string[] | undefined>
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item.trim() !== '') {
        search.append(key, item.trim());
      }
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function searchSessions(
  filters: ISearchFilters
): Promise<ISessionSummary[]> {
  const body = await requestAPI<{ sessions: ISessionSummary[] }>(
    'search' +
      query({
        ...sourceParams(filters),
        subject: filters.subject,
        date_from: filters.dateFrom,
        date_to: filters.dateTo,
        lab: filters.lab,
        project: filters.project,
        protocol: filters.protocol,
        dataset: (filters.datasets ?? '').split(',')
      })
  );
  return body.sessions;
}

/** A session by eid or `subject/date/number` (each part encoded for the URL). */
export function getSession(
  source: IDataSource,
  eid: string
): Promise<ISessionInfo> {
  const path = eid.split('/').map(encodeURIComponent).join('/');
  return requestAPI<ISessionInfo>(
    `sessions/${path}` + query(sourceParams(source))
  );
}

/** The NWB metadata document the server builds from the cache's Alyx records. */
export interface IMetadataResponse {
  document: INwbMetadata;
  problems: IMetadataProblem[];
  /** Which Alyx records were found offline (missing ones leave fields empty). */
  found?: Record<string, boolean | number>;
}

export function getMetadata(
  source: IDataSource,
  eid: string
): Promise<IMetadataResponse> {
  return requestAPI<IMetadataResponse>(
    `metadata/${eid}` + query(sourceParams(source))
  );
}
