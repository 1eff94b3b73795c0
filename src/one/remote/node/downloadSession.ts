/**
 * Download a session's datasets into a ONE cache folder, the way Python ONE's
 * `_check_filesystem` does: files already present with the right size and md5
 * are kept, the others are fetched (several at a time) into
 * `<cache>/<lab>/Subjects/<subject>/<date>/<NNN>/<rel_path>` without the UUID.
 * Several processes may share the folder: each file goes through sharedDownload.ts.
 */
import { join } from 'node:path';

import type { AlyxClient } from '../alyx';
import { IDownloadOptions } from '../download';
import { IDatasetRow } from '../records';
import { datasetUrl, encodeUrlPath, padSessionPath } from '../urls';
import { rememberVerified } from '../../node/verifiedRead';
import { IClaimSettings } from './claimSettings';
import { downloadShared, IClaimWait } from './sharedDownload';

export interface IDownloadProgress {
  /** `rel_path` of the file that moved. */
  dataset: string;
  bytes: number;
  total: number | null;
  filesDone: number;
  filesTotal: number;
}

export interface ISessionDownloadOptions extends Omit<
  IDownloadOptions,
  'onProgress'
> {
  /** ONE cache folder (the one holding `sessions.pqt`). */
  cacheDir: string;
  /** Keep datasets whose `rel_path` or file name matches one of these globs (`*`, `?`). */
  datasets?: string[];
  /** Keep datasets whose collection matches this glob (`''` = no collection). */
  collection?: string;
  /** Build URLs with ONE's formula from this data-server root instead of the records' `data_url`. */
  dataServer?: string;
  /** Files fetched at the same time (default 4, like ONE). */
  concurrency?: number;
  /** Compare the md5 of files already present (default true). */
  checkHash?: boolean;
  /** Claim timings in a cache shared with other processes (default: claimSettings()). */
  claims?: Partial<IClaimSettings>;
  /** Called once per file this process waits for while another downloads it. */
  onWait?: (wait: IClaimWait) => void;
  onProgress?: (event: IDownloadProgress) => void;
}

export interface IDatasetDownload {
  row: IDatasetRow;
  path: string;
  /** `present`: in the cache with the right size (and md5): there before, or fetched by another process. */
  status: 'downloaded' | 'present';
  bytes: number;
}

/** List a session's datasets on Alyx, then download the selected ones. */
export async function downloadSession(
  client: AlyxClient,
  eid: string,
  options: ISessionDownloadOptions
): Promise<IDatasetDownload[]> {
  const rows = await client.sessionDatasets(eid, { signal: options.signal });
  return downloadDatasets(selectDatasets(rows, options), options);
}

/** Where a dataset row lives in the cache folder (no UUID in the name). */
export function localPathOf(cacheDir: string, row: IDatasetRow): string {
  const session = row.sessionPath ? padSessionPath(row.sessionPath) : '';
  return join(cacheDir, session, row.rel_path);
}

/** The rows matching the `datasets` and `collection` globs of the options. */
export function selectDatasets(
  rows: IDatasetRow[],
  options: Pick<ISessionDownloadOptions, 'datasets' | 'collection'>
): IDatasetRow[] {
  const names = options.datasets?.map(globToRegExp);
  const collection =
    options.collection === undefined ? null : globToRegExp(options.collection);
  return rows.filter(row => {
    const slash = row.rel_path.lastIndexOf('/');
    const name = row.rel_path.slice(slash + 1);
    const folder =
      slash < 0 ? '' : row.rel_path.slice(0, slash).replace(/\/?#[^/]*#$/, '');
    if (collection && !collection.test(folder)) {
      return false;
    }
    return !names || names.some(re => re.test(row.rel_path) || re.test(name));
  });
}

/** Download rows not yet in the cache (or whose size/md5 differ); fail on the first error. */
export async function downloadDatasets(
  rows: IDatasetRow[],
  options: ISessionDownloadOptions
): Promise<IDatasetDownload[]> {
  const results: IDatasetDownload[] = new Array(rows.length);
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let next = 0;
  let filesDone = 0;
  const worker = async () => {
    while (next < rows.length && !stop.signal.aborted) {
      const index = next++;
      results[index] = await fetchRow(
        rows[index],
        options,
        stop.signal,
        () => filesDone,
        rows.length
      );
      filesDone++;
    }
  };
  try {
    const workers = Array.from(
      { length: Math.max(1, Math.min(options.concurrency ?? 4, rows.length)) },
      worker
    );
    // On the first failure stop the other workers, let them wind down, then report it.
    const failures: unknown[] = [];
    await Promise.all(
      workers.map(w =>
        w.catch(error => {
          failures.push(error);
          stop.abort();
        })
      )
    );
    if (failures.length > 0) {
      throw failures[0];
    }
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  return results;
}

async function fetchRow(
  row: IDatasetRow,
  options: ISessionDownloadOptions,
  signal: AbortSignal,
  filesDone: () => number,
  filesTotal: number
): Promise<IDatasetDownload> {
  const path = localPathOf(options.cacheDir, row);
  const url =
    options.dataServer && row.sessionPath
      ? datasetUrl(options.dataServer, row.sessionPath, row.rel_path, row.id)
      : row.data_url;
  // Other processes may fill the same cache folder: the file is fetched under a claim,
  // or taken as present once whoever fetched it has verified it.
  const result = await downloadShared(
    {
      url: encodeUrlPath(url),
      finalPath: path,
      dataset: row.rel_path,
      fileSize: row.file_size,
      hash: row.hash
    },
    {
      ...options,
      signal,
      onProgress: (bytes, total) =>
        options.onProgress?.({
          dataset: row.rel_path,
          bytes,
          total,
          filesDone: filesDone(),
          filesTotal
        })
    }
  );
  if (result.status === 'downloaded' && row.hash) {
    // Verified while downloading: a conversion in this process need not hash it again.
    await rememberVerified(path, row.hash);
  }
  return { row, path, status: result.status, bytes: result.bytes };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
