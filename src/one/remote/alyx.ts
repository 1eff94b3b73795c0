/**
 * Alyx client: the read endpoints ONE uses (sessions, datasets, insertions,
 * subjects, labs) on top of the REST core, returning the records as Alyx
 * serialises them (one_alyx.md §4).
 */
import { ISessionFilters, listParams, sessionSearchParams } from './filters';
import {
  IDatasetRecord,
  IDatasetRow,
  IInsertionRecord,
  ILabRecord,
  ISessionDetail,
  ISessionListRecord,
  ISubjectRecord,
  sessionDatasetRows
} from './records';
import { AlyxRest, IRequestOptions } from './rest';

export type { IAlyxClientOptions, IRequestOptions } from './rest';

export class AlyxClient extends AlyxRest {
  /** `GET /sessions` with ONE's search filters. */
  searchSessions(
    filters: ISessionFilters = {},
    options?: IRequestOptions
  ): Promise<ISessionListRecord[]> {
    return this.list<ISessionListRecord>(
      'sessions',
      sessionSearchParams(filters),
      options
    );
  }

  /** `GET /sessions/{eid}`: the full session record with its datasets. */
  async sessionDetail(
    eid: string,
    options: IRequestOptions = {}
  ): Promise<ISessionDetail> {
    return (await this.get(`/sessions/${eid}`, {
      what: `session ${eid}`,
      ...options
    })) as ISessionDetail;
  }

  /** The session's datasets as ONE cache rows (what `one.list_datasets` starts from). */
  async sessionDatasets(
    eid: string,
    options?: IRequestOptions
  ): Promise<IDatasetRow[]> {
    return sessionDatasetRows(await this.sessionDetail(eid, options));
  }

  /** `GET /datasets` with filters (e.g. `{ session: eid }`). */
  datasets(
    filters: Record<string, unknown> = {},
    options?: IRequestOptions
  ): Promise<IDatasetRecord[]> {
    return this.list<IDatasetRecord>('datasets', listParams(filters), options);
  }

  async dataset(
    id: string,
    options: IRequestOptions = {}
  ): Promise<IDatasetRecord> {
    return (await this.get(`/datasets/${id}`, {
      what: `dataset ${id}`,
      ...options
    })) as IDatasetRecord;
  }

  insertions(
    filters: Record<string, unknown> = {},
    options?: IRequestOptions
  ): Promise<IInsertionRecord[]> {
    return this.list<IInsertionRecord>(
      'insertions',
      listParams(filters),
      options
    );
  }

  async insertion(
    pid: string,
    options: IRequestOptions = {}
  ): Promise<IInsertionRecord> {
    return (await this.get(`/insertions/${pid}`, {
      what: `insertion ${pid}`,
      ...options
    })) as IInsertionRecord;
  }

  subjects(
    filters: Record<string, unknown> = {},
    options?: IRequestOptions
  ): Promise<ISubjectRecord[]> {
    return this.list<ISubjectRecord>('subjects', listParams(filters), options);
  }

  async subject(
    nickname: string,
    options: IRequestOptions = {}
  ): Promise<ISubjectRecord> {
    const path = `/subjects/${encodeURIComponent(nickname)}`;
    return (await this.get(path, {
      what: `subject ${nickname}`,
      ...options
    })) as ISubjectRecord;
  }

  labs(
    filters: Record<string, unknown> = {},
    options?: IRequestOptions
  ): Promise<ILabRecord[]> {
    return this.list<ILabRecord>('labs', listParams(filters), options);
  }

  async lab(name: string, options: IRequestOptions = {}): Promise<ILabRecord> {
    const path = `/labs/${encodeURIComponent(name)}`;
    return (await this.get(path, {
      what: `lab ${name}`,
      ...options
    })) as ILabRecord;
  }
}
