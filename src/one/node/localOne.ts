/**
 * `LocalOne`: a ONE cache folder on disk (Node). Loads the cache tables,
 * searches sessions, lists datasets and loads datasets / objects from the
 * files under `<cache>/<lab>/Subjects/<subject>/<date>/<NNN>/`.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { splitRelPath } from '../alf';
import { isUuidString, parseSessionPath, sessionPathOf } from '../alfPath';
import { AlfValue, assembleObject } from '../alfObject';
import {
  cacheFromTables,
  datasetRecords,
  datasetsByEid,
  idColumn,
  IDatasetRecord,
  IOneCache,
  ISessionRecord,
  oneMetadata,
  sessionPathOfRecord,
  sessionRecords
} from '../cache';
import { FileContent } from '../content';
import { filterDatasets, IDatasetFilter, Pattern } from '../datasetFilter';
import {
  AmbiguousDatasetError,
  InvalidQueryError,
  SessionNotFoundError,
  MissingDatasetError
} from '../errors';
import { readParquet } from '../parquet';
import { QcName } from '../qc';
import { normaliseQuery, searchSessions } from '../search';
import { loadFile } from './fileContent';
import { readFileBytes } from './files';

export interface IListOptions {
  filename?: IDatasetFilter['filename'];
  collection?: Pattern;
  revision?: string;
  qc?: QcName | number;
  ignoreQcNotSet?: boolean;
  /** Keep only rows flagged `default_revision` (server-built tables). */
  defaultRevisionsOnly?: boolean;
}

export interface ILoadOptions {
  collection?: Pattern;
  revision?: string;
}

/** The bytes of a cache table, or an error saying what the folder needs. */
async function tableBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFileBytes(path);
  } catch {
    throw new MissingDatasetError(
      path,
      'the ONE cache table is missing',
      'Point to a folder holding sessions.pqt and datasets.pqt (build one with ONE.setup or download cache.zip).'
    );
  }
}

export class LocalOne {
  /** Shell globs in patterns (ONE's default); false for regular expressions. */
  wildcards = true;
  private readonly byEid: Map<string, IDatasetRecord[]>;
  private sessionsById: Map<string, ISessionRecord> | undefined;

  private constructor(
    readonly cacheDir: string,
    readonly cache: IOneCache
  ) {
    this.byEid = datasetsByEid(cache);
  }

  /**
   * Open a cache folder; tables may live elsewhere (`tablesDir`). With
   * `sessionsOnly`, datasets.pqt is not read (it is by far the larger
   * table): enough to search sessions without a dataset filter.
   */
  static async open(
    cacheDir: string,
    tablesDir = cacheDir,
    { sessionsOnly = false } = {}
  ): Promise<LocalOne> {
    const read = async (name: string) => {
      const path = join(tablesDir, name);
      return readParquet(await tableBytes(path), path);
    };
    const [sessions, datasets] = await Promise.all([
      read('sessions.pqt'),
      sessionsOnly ? null : read('datasets.pqt')
    ]);
    const cache: IOneCache = datasets
      ? cacheFromTables(sessions, datasets, tablesDir)
      : {
          sessions: sessionRecords(sessions, join(tablesDir, 'sessions.pqt')),
          datasets: [],
          meta: { sessions: oneMetadata(sessions), datasets: {} },
          hasDefaultRevision: false
        };
    return new LocalOne(cacheDir, cache);
  }

  /**
   * Only what one session needs (its row of sessions.pqt and its rows of
   * datasets.pqt): the session's id column is decoded, then only the span
   * of rows holding that session (ONE writes the table grouped by session).
   * Seconds faster than `open` on caches of tens of thousands of sessions.
   */
  static async openForSession(cacheDir: string, id: string): Promise<LocalOne> {
    const sessions = await LocalOne.open(cacheDir, cacheDir, {
      sessionsOnly: true
    });
    const eid = sessions.toEid(id);
    const path = join(cacheDir, 'datasets.pqt');
    const bytes = await tableBytes(path);
    const ids = idColumn(
      await readParquet(bytes, path, { columns: ['eid', 'eid_0', 'eid_1'] }),
      'eid',
      path
    );
    const first = ids.indexOf(eid);
    const rows = await readParquet(bytes, path, {
      rowStart: Math.max(first, 0),
      rowEnd: first < 0 ? 0 : ids.lastIndexOf(eid) + 1
    });
    return new LocalOne(cacheDir, {
      sessions: sessions.cache.sessions,
      datasets: datasetRecords(rows, path).filter(d => d.eid === eid),
      meta: {
        sessions: sessions.cache.meta.sessions,
        datasets: oneMetadata(rows)
      },
      hasDefaultRevision: rows.columns.some(c => c.name === 'default_revision')
    });
  }

  /**
   * A cache folder whose records come from elsewhere (e.g. an Alyx session
   * detail) instead of its tables: remote mode downloads files into the
   * folder and describes them with these records.
   */
  static fromRecords(cacheDir: string, cache: IOneCache): LocalOne {
    return new LocalOne(cacheDir, cache);
  }

  /** Session ids matching ONE search filters (keys may be abbreviated: `subj`, `lab`, `date`). */
  search(query: Record<string, unknown> = {}): string[] {
    return searchSessions(this.cache, normaliseQuery(query), this.wildcards);
  }

  /** Resolve a UUID or a session path (`[lab/Subjects/]subject/date/N`) to an eid. */
  toEid(id: string): string {
    const text = id.trim();
    if (isUuidString(text.slice(-36).toLowerCase())) {
      return text.slice(-36).toLowerCase();
    }
    const parts =
      parseSessionPath(sessionPathOf(text) ?? text) ??
      parseSessionPath(text.split('/').slice(-3).join('/'));
    const match = parts
      ? this.cache.sessions.find(
          s =>
            s.subject === parts.subject &&
            s.date === parts.date &&
            s.number === Number(parts.number) &&
            (!parts.lab || s.lab === parts.lab)
        )
      : undefined;
    if (!match) {
      throw new SessionNotFoundError(
        id,
        'no session in the cache has this id or path',
        'Use a session UUID or subject/YYYY-MM-DD/NNN from search().'
      );
    }
    return match.eid;
  }

  session(eid: string): ISessionRecord {
    const id = this.toEid(eid);
    // A map, not a scan: search results look up thousands of sessions.
    this.sessionsById ??= new Map(this.cache.sessions.map(s => [s.eid, s]));
    const record = this.sessionsById.get(id);
    if (!record) {
      throw new SessionNotFoundError(
        eid,
        'the session is not in the cache tables',
        'Search again or refresh the cache.'
      );
    }
    return record;
  }

  /** Dataset records of a session matching the filters (no revision selection). */
  datasetRecords(eid: string, options: IListOptions = {}): IDatasetRecord[] {
    let records = this.byEid.get(this.toEid(eid)) ?? [];
    if (options.defaultRevisionsOnly) {
      if (!this.cache.hasDefaultRevision) {
        throw new InvalidQueryError(
          'default_revision',
          'the cache tables have no default revisions',
          'Call without defaultRevisionsOnly.'
        );
      }
      records = records.filter(d => d.defaultRevision);
    }
    return filterDatasets(records, {
      filename: options.filename,
      collection: options.collection,
      revision: options.revision,
      revisionLastBefore: false,
      qc: options.qc,
      ignoreQcNotSet: options.ignoreQcNotSet,
      wildcards: this.wildcards
    });
  }

  /** Sorted, unique rel_paths of a session's datasets (ONE's `list_datasets`). */
  listDatasets(eid: string, options: IListOptions = {}): string[] {
    return [
      ...new Set(this.datasetRecords(eid, options).map(d => d.relPath))
    ].sort();
  }

  /** Absolute path of a dataset file; tries the padded and unpadded session number folders. */
  async datasetPath(record: IDatasetRecord): Promise<string> {
    const session = this.session(record.eid ?? '');
    const padded = join(
      this.cacheDir,
      sessionPathOfRecord(session),
      record.relPath
    );
    // Folders written by hand may keep the number unpadded (`.../2021-01-03/2/`).
    const sessionPath = sessionPathOfRecord(session);
    const unpadded = `${sessionPath.slice(0, sessionPath.lastIndexOf('/'))}/${session.number}`;
    const plain = join(this.cacheDir, unpadded, record.relPath);
    for (const candidate of [padded, plain]) {
      if (
        await stat(candidate).then(
          s => s.isFile(),
          () => false
        )
      ) {
        return candidate;
      }
    }
    throw new MissingDatasetError(
      padded,
      'the dataset is listed in the cache but its file is not on disk',
      'Download it (remote mode) or rebuild the cache tables.'
    );
  }

  /** Load one dataset by name (`_ibl_trials.table.pqt`, `spikes.times`, …). */
  async loadDataset(
    eid: string,
    dataset: string,
    options: ILoadOptions = {}
  ): Promise<FileContent> {
    let name = dataset;
    if (this.wildcards && name.split('.').length === 2) {
      name += '.*'; // ONE appends an extension wildcard to `object.attribute`
    }
    const isRelPath = name.includes('/');
    const matches = filterDatasets(this.byEid.get(this.toEid(eid)) ?? [], {
      filename: name,
      collection: options.collection,
      revision: options.revision,
      wildcards: this.wildcards,
      assertUnique: !isRelPath
    });
    if (matches.length === 0) {
      throw new MissingDatasetError(
        `${eid}: ${dataset}`,
        'no such dataset in the session'
      );
    }
    const path = await this.datasetPath(matches[0]);
    return loadFile(path);
  }

  /** Load all attributes of an ALF object (`trials`, `spikes`, …) from one collection. */
  async loadObject(
    eid: string,
    object: string,
    options: ILoadOptions & { attribute?: Pattern } = {}
  ): Promise<Record<string, AlfValue>> {
    const filename =
      options.attribute === undefined
        ? { object }
        : { object, attribute: options.attribute };
    const matches = filterDatasets(this.byEid.get(this.toEid(eid)) ?? [], {
      filename,
      collection: options.collection,
      revision: options.revision,
      wildcards: this.wildcards
    });
    if (matches.length === 0) {
      throw new MissingDatasetError(
        `${eid}: ${object}`,
        'no dataset of this object in the session'
      );
    }
    const collections = new Set(
      matches.map(d => splitRelPath(d.relPath).collection)
    );
    if (collections.size > 1) {
      throw new AmbiguousDatasetError(
        `${eid}: ${object}`,
        [...collections].map(c => c || '(no collection)')
      );
    }
    const files = await Promise.all(
      matches.map(async d => {
        const path = await this.datasetPath(d);
        return {
          name: d.relPath,
          content: await loadFile(path)
        };
      })
    );
    return assembleObject(files);
  }
}
