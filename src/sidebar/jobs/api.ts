/** The server's conversion-job routes: start, list, cancel. */
import type { IConversionReport } from '../../convert/report';
import { requestAPI } from '../../server';
import type { IValidation } from './validation';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The CLI's structured error event (contract 2), as the server keeps it. */
export interface IJobError {
  /** USAGE, METADATA_INVALID, DATASET_MISSING, DISK_FULL, …; absent from older CLIs. */
  code?: string;
  message: string;
  dataset?: string;
  field?: string;
  row?: number;
  advice?: string;
  file?: 'processed' | 'raw';
}

export interface IJob {
  id: string;
  status: JobStatus;
  step: string | null;
  title: string | null;
  /** 0..1 over the whole conversion. */
  fraction: number;
  message?: string | null;
  error: string | null;
  /** The fidelity report, once the converter has written it. */
  report?: IConversionReport | null;
  /** The .nwb path relative to the server root. */
  output: string | null;
  pid?: number | null;
  created?: number;
  finished?: number | null;
  /** In the summary list: the error event's code, and whether a report waits in the details. */
  errorCode?: string | null;
  hasReport?: boolean;
  /**
   * One per file of a done job: state and counts in the list, with the
   * findings in the details.
   */
  validations?: IValidation[];
  /** Details only (GET /jobs/<id>). */
  errorEvent?: IJobError | null;
  stderr?: string[];
  log?: string[];
}

/** What POST /jobs needs; paths are relative to the server root. */
export interface IJobRequest {
  eid: string;
  /** ONE cache folder; '' = the bundled sample. */
  cacheDir: string;
  /** Convert from this Alyx instead (the server is logged in to it; downloads go to its cache). */
  alyx?: string;
  output: string;
  metadata?: string;
  modalities?: string[];
  overwrite?: boolean;
  /** Also the raw AP band of each probe. */
  raw?: boolean;
  /** Also the raw videos, copied next to the output. */
  video?: boolean;
}

export const ACTIVE_STATUSES: JobStatus[] = ['queued', 'running'];

/** The newest jobs, compact: no logs, no reports (see `getJob`). */
export async function listJobs(): Promise<IJob[]> {
  const body = await requestAPI<{ jobs: IJob[] }>('jobs');
  return body.jobs;
}

/** One job with its report, error event and stderr tail. */
export function getJob(id: string): Promise<IJob> {
  return requestAPI<IJob>(`jobs/${id}`);
}

export function startJob(request: IJobRequest): Promise<IJob> {
  return requestAPI<IJob>('jobs', {
    method: 'POST',
    body: JSON.stringify(request)
  });
}

export function cancelJob(id: string): Promise<IJob> {
  return requestAPI<IJob>(`jobs/${id}`, { method: 'DELETE' });
}

/** Set how many conversions the server runs at once (server-wide). */
export function setMaxJobs(maxJobs: number): Promise<{ maxJobs: number }> {
  return requestAPI<{ maxJobs: number }>('jobs/config', {
    method: 'PUT',
    body: JSON.stringify({ maxJobs })
  });
}
