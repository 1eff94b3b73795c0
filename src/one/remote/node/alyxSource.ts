/**
 * The SessionSource of a remote Alyx: searches and session records come from the server;
 * materialising downloads the session's datasets into the cache folder (Python ONE's layout,
 * resumable, md5-checked), warms ONE's REST cache there with the records the metadata needs,
 * and describes the files with a LocalOne built from the same records, so the converter
 * runs as on a local cache.
 */
import type { IDatasetRecord, ISessionRecord } from '../../cache';
import { SessionNotFoundError } from '../../errors';
import { LocalOne } from '../../node/localOne';
import { parseQc } from '../../qc';
import type { ISessionInfo, ISessionSummary } from '../../sessionSummary';
import type {
  IMaterialised,
  IMaterialiseOptions,
  IMetadataSources,
  ISessionSearch,
  ISessionSource,
  RecordLookup
} from '../../source';
import type { AlyxClient } from '../alyx';
import { NotFoundError } from '../errors';
import {
  IDatasetRow,
  ISessionDetail,
  sessionDatasetRows,
  sessionRow
} from '../records';
import {
  downloadDatasets,
  IDatasetDownload,
  ISessionDownloadOptions,
  selectDatasets
} from './downloadSession';

/** Fetches the Alyx records a session's metadata is built from (they land in the REST cache). */
export type RecordsPrefetch = (
  lookup: RecordLookup,
  eid: string
) => Promise<void>;

/** Raw collections are tens of GB each: fetched only when they are converted. */
function wanted(options: IMaterialiseOptions) {
  return (row: IDatasetRow) =>
    /^raw_ephys_data\//.test(row.rel_path)
      ? !!options.raw
      : /^raw_video_data\//.test(row.rel_path)
        ? !!options.video
        : true;
}

export class AlyxSource implements ISessionSource<LocalOne> {
  /**
   * `cacheDir`: where downloads and ONE's REST cache go (the client's REST cache too).
   * `prefetch`: what materialise fetches besides the files, for the metadata.
   */
  constructor(
    readonly client: AlyxClient,
    readonly cacheDir: string | undefined,
    private readonly prefetch?: RecordsPrefetch
  ) {}

  async search(
    filters: ISessionSearch,
    signal?: AbortSignal
  ): Promise<ISessionSummary[]> {
    const found = await this.client.searchSessions(
      {
        subject: filters.subject,
        dateRange: filters.dateRange,
        lab: filters.lab,
        projects: filters.project,
        taskProtocol: filters.protocol,
        number: filters.number,
        datasets: filters.datasets
      },
      { signal }
    );
    return found.map(s => ({
      eid: s.id,
      lab: s.lab,
      subject: s.subject,
      date: s.start_time.slice(0, 10),
      number: s.number,
      task_protocol: s.task_protocol
    }));
  }

  async session(id: string, signal?: AbortSignal): Promise<ISessionSummary> {
    const { eid, lab, subject, date, number, task_protocol } = (
      await this.info(id, signal)
    ).session;
    return { eid, lab, subject, date, number, task_protocol };
  }

  async info(id: string, signal?: AbortSignal): Promise<ISessionInfo> {
    const detail = await this.detail(id, signal);
    const datasets = sessionDatasetRows(detail).map(r => ({
      rel_path: r.rel_path,
      file_size: r.file_size,
      qc: String(r.qc),
      exists: r.exists
    }));
    return {
      session: {
        eid: detail.id,
        lab: detail.lab,
        subject: detail.subject,
        date: detail.start_time.slice(0, 10),
        number: detail.number,
        task_protocol: detail.task_protocol,
        projects: detail.projects,
        users: detail.users,
        probes: detail.probe_insertion.map(p => p.name)
      },
      datasets
    };
  }

  async metadataSources(
    id: string,
    signal?: AbortSignal
  ): Promise<IMetadataSources> {
    return { eid: id, table: null, lookup: this.lookup(signal) };
  }

  async materialise(
    id: string,
    options: IMaterialiseOptions = {}
  ): Promise<IMaterialised<LocalOne>> {
    const cacheDir = this.requireCache();
    const { signal } = options;
    const detail = await this.detail(id, signal);
    const rows = sessionDatasetRows(detail).filter(wanted(options));
    await downloadDatasets(selectDatasets(rows, {}), {
      cacheDir,
      signal,
      onProgress: options.onProgress
    });
    await this.prefetch?.(this.lookup(signal), detail.id);
    return {
      cacheDir,
      one: describe(cacheDir, detail, rows, this.client.baseUrl),
      eid: detail.id
    };
  }

  /** Download datasets of a session (all, or those the globs select) into the cache folder. */
  async download(
    id: string,
    options: Omit<ISessionDownloadOptions, 'cacheDir'>
  ): Promise<IDatasetDownload[]> {
    const cacheDir = this.requireCache();
    const rows = sessionDatasetRows(await this.detail(id, options.signal));
    return downloadDatasets(selectDatasets(rows, options), {
      ...options,
      cacheDir
    });
  }

  /** The session record; a 404 is a session this server does not have. */
  private async detail(
    id: string,
    signal?: AbortSignal
  ): Promise<ISessionDetail> {
    try {
      return await this.client.sessionDetail(id, { signal });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new SessionNotFoundError(
          id,
          `no session on ${this.client.baseUrl} has this id`,
          'Give a session UUID from a search of this server (or check --alyx).',
          { cause: error }
        );
      }
      throw error;
    }
  }

  /** Alyx records by REST path; a 404 is no answer (the metadata leaves those fields open). */
  private lookup(signal?: AbortSignal): RecordLookup {
    return async path => {
      try {
        return await this.client.get(path, { signal });
      } catch (error) {
        if (error instanceof NotFoundError) {
          return null;
        }
        throw error;
      }
    };
  }

  private requireCache(): string {
    if (!this.cacheDir) {
      // The CLI asks for --cache before it gets here; a caller that did not is a bug.
      throw new Error('a remote source needs a cache folder to put files in');
    }
    return this.cacheDir;
  }
}

/** A LocalOne over the downloaded files, from the session's Alyx records. */
function describe(
  cacheDir: string,
  detail: ISessionDetail,
  rows: IDatasetRow[],
  origin: string
): LocalOne {
  const row = sessionRow(detail);
  const session: ISessionRecord = {
    eid: row.id,
    lab: row.lab,
    subject: row.subject,
    date: row.date,
    number: row.number,
    taskProtocol: row.task_protocol,
    projects: row.projects
  };
  const datasets: IDatasetRecord[] = rows.map(r => ({
    eid: row.id,
    id: r.id,
    relPath: r.rel_path,
    fileSize: r.file_size,
    hash: r.hash,
    exists: true,
    qc: parseQc(r.qc),
    defaultRevision: r.default_revision
  }));
  return LocalOne.fromRecords(cacheDir, {
    sessions: [session],
    datasets,
    meta: { sessions: { origin }, datasets: { origin } },
    hasDefaultRevision: true
  });
}
