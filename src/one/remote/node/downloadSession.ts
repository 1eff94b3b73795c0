/**
 * Download a session's datasets into a ONE cache folder, the way Python ONE's
 * `_check_filesystem` does: files already present with the right size and md5
 * are kept, the others are fetched (several at a time) into
 * `<cache>/<lab>/Subjects/<subject>/<date>/<NNN>/<rel_path>` without the UUID.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { AlyxClient } from '../alyx';
import { downloadFile, IDownloadOptions } from '../download';
import { IDatasetRow } from '../records';
import { datasetUrl, encodeUrlPath, padSessionPath } from '../urls';
import { rememberVerified } from '../../node/verifiedRead';
import { fileMd5, nodeDownloadStorage } from './download';

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
  onProgress?: (event: IDownloadProgress) => void;
}

export interface IDatasetDownload {
  row: IDatasetRow;
  path: string;
  /** `present`: already in the cache with the right size (and md5). */
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
  const present = await isPresent(path, row, options.checkHash ?? true);
  if (present !== null) {
    return { row, path, status: 'present', bytes: present };
  }
  const url =
    options.dataServer && row.sessionPath
      ? datasetUrl(options.dataServer, row.sessionPath, row.rel_path, row.id)
      : row.data_url;
  const result = await downloadFile(
    {
      url: encodeUrlPath(url),
      finalPath: path,
      dataset: row.rel_path,
      fileSize: row.file_size,
      hash: row.hash
    },
    nodeDownloadStorage,
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
  if (row.hash) {
    // Verified while downloading: a conversion in this process need not hash it again.
    await rememberVerified(path, result.md5);
  }
  return { row, path, status: 'downloaded', bytes: result.bytes };
}

/** Size of the cached file if it matches the record, else `null` (ONE re-downloads it). */
async function isPresent(
  path: string,
  row: IDatasetRow,
  checkHash: boolean
): Promise<number | null> {
  const size = await stat(path).then(
    s => s.size,
    () => null
  );
  if (size === null || (row.file_size !== null && size !== row.file_size)) {
    return null;
  }
  if (checkHash && row.hash) {
    if ((await fileMd5(path))?.md5 !== row.hash.toLowerCase()) {
      return null;
    }
    await rememberVerified(path, row.hash);
  }
  return size;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
