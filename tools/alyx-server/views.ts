/**
 * How the database records are shown per endpoint: SessionList records for
 * `/sessions` (newest first), dataset ids in insertion lists and dataset
 * objects in insertion details, as the Alyx serialisers do.
 */
import { AlyxRecord, IAlyxDatabase } from './database';

export function tableOf(
  db: IAlyxDatabase,
  endpoint: string
): Map<string, AlyxRecord> | undefined {
  return {
    sessions: db.sessions,
    datasets: db.datasets,
    insertions: db.insertions,
    subjects: db.subjects,
    labs: db.labs,
    revisions: db.revisions,
    'dataset-types': db.datasetTypes,
    'data-repository': db.dataRepositories
  }[endpoint];
}

/** List records: SessionList for sessions (newest first), dataset ids for insertions. */
export function listOf(
  endpoint: string,
  table: Map<string, AlyxRecord>
): AlyxRecord[] {
  const records = [...table.values()];
  if (endpoint === 'sessions') {
    return records
      .map(s => ({
        id: s.id,
        subject: s.subject,
        start_time: s.start_time,
        number: s.number,
        lab: s.lab,
        projects: s.projects,
        url: s.url,
        task_protocol: s.task_protocol
      }))
      .sort(
        (a, b) =>
          b.start_time.localeCompare(a.start_time) ||
          a.subject.localeCompare(b.subject) ||
          b.number - a.number
      );
  }
  if (endpoint === 'insertions') {
    return records.map(r => ({
      ...r,
      datasets: (r.datasets ?? []).map((d: any) =>
        typeof d === 'string' ? d : d.id
      )
    }));
  }
  return records;
}

/** Insertion details list their datasets as objects (one_alyx.md §4.4). */
export function detailOf(
  db: IAlyxDatabase,
  endpoint: string,
  record: AlyxRecord
): AlyxRecord {
  if (endpoint !== 'insertions') {
    return record;
  }
  const datasets = (record.datasets ?? []).map((d: any) => {
    if (typeof d !== 'string') {
      return d;
    }
    const r = db.datasets.get(d);
    const fileUrl = r?.file_records?.[0]?.data_url ?? null;
    return (
      r && {
        id: d,
        name: r.name,
        dataset_type: r.dataset_type,
        data_url: fileUrl,
        url: r.url,
        file_size: r.file_size,
        hash: r.hash,
        version: r.version,
        collection: r.collection,
        qc: r.qc
      }
    );
  });
  return { ...record, datasets };
}
