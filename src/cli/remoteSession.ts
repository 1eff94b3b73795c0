/**
 * Remote mode of `ibl2nwb convert`: fetch a session's processed datasets from
 * Alyx into the cache folder (ONE's layout, resumable, md5-checked) and its
 * Alyx records into ONE's REST cache there, then describe the files with a
 * LocalOne built from the same records — so the converter runs unchanged.
 */
import { gatherRecords } from '../convert/metadata';
import { IDatasetRecord, ISessionRecord } from '../one/cache';
import { LocalOne } from '../one/node/localOne';
import { parseQc } from '../one/qc';
import { AlyxClient } from '../one/remote/alyx';
import { NotFoundError } from '../one/remote/errors';
import {
  downloadDatasets,
  IDownloadProgress,
  selectDatasets
} from '../one/remote/node/downloadSession';
import {
  IDatasetRow,
  sessionDatasetRows,
  sessionRow
} from '../one/remote/records';

/** Which raw collections to fetch: tens of GB each, so only when they are converted. */
export interface IRawSelection {
  raw?: boolean;
  video?: boolean;
}

function wanted(selection: IRawSelection) {
  return (row: IDatasetRow) =>
    /^raw_ephys_data\//.test(row.rel_path)
      ? !!selection.raw
      : /^raw_video_data\//.test(row.rel_path)
        ? !!selection.video
        : true;
}

export async function fetchRemoteSession(
  client: AlyxClient,
  eid: string,
  cacheDir: string,
  signal: AbortSignal,
  onProgress?: (event: IDownloadProgress) => void,
  selection: IRawSelection = {}
): Promise<LocalOne> {
  const detail = await client.sessionDetail(eid, { signal });
  const rows = sessionDatasetRows(detail).filter(wanted(selection));
  await downloadDatasets(selectDatasets(rows, {}), {
    cacheDir,
    signal,
    onProgress
  });
  // Warm ONE's REST cache with the subject, lab and insertion records the metadata needs.
  await gatherRecords(
    async path => {
      try {
        return await client.get(path, { signal });
      } catch (error) {
        if (error instanceof NotFoundError) {
          return null;
        }
        throw error;
      }
    },
    detail.id,
    null,
    client.baseUrl
  );
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
    meta: {
      sessions: { origin: client.baseUrl },
      datasets: { origin: client.baseUrl }
    },
    hasDefaultRevision: true
  });
}
