/** The sidebar's calls to the server extension's search and session routes. */
import type { INwbMetadata } from '../convert/metadata/document';
import type { IMetadataProblem } from '../convert/metadata/validate';
import { requestAPI } from '../server';

export interface ISearchFilters {
  /** ONE cache folder relative to the server root; '' = the bundled sample. */
  cache: string;
  subject?: string;
  dateFrom?: string;
  dateTo?: string;
  lab?: string;
  project?: string;
  protocol?: string;
}

export interface ISessionSummary {
  eid: string;
  lab: string;
  subject: string;
  date: string;
  number: number | null;
  task_protocol: string;
}

export interface IDatasetSummary {
  rel_path: string;
  file_size: number | null;
  qc: string;
  exists: boolean;
}

export interface ISessionInfo {
  session: ISessionSummary & { projects?: string | string[] };
  datasets: IDatasetSummary[];
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value.trim() !== '') {
      search.append(key, value.trim());
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
        cache: filters.cache,
        subject: filters.subject,
        date_from: filters.dateFrom,
        date_to: filters.dateTo,
        lab: filters.lab,
        project: filters.project,
        protocol: filters.protocol
      })
  );
  return body.sessions;
}

export function getSession(cache: string, eid: string): Promise<ISessionInfo> {
  return requestAPI<ISessionInfo>(`sessions/${eid}` + query({ cache }));
}

/** The NWB metadata document the server builds from the cache's Alyx records. */
export interface IMetadataResponse {
  document: INwbMetadata;
  problems: IMetadataProblem[];
  /** Which Alyx records were found offline (missing ones leave fields empty). */
  found?: Record<string, boolean | number>;
}

export function getMetadata(
  cache: string,
  eid: string
): Promise<IMetadataResponse> {
  return requestAPI<IMetadataResponse>(`metadata/${eid}` + query({ cache }));
}
