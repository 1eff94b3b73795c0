/**
 * The SessionSource of a local ONE cache folder (its tables), or of one session folder given
 * by path (inside a cache, or bare: indexed from disk). Files are already where they are:
 * materialising only describes them.
 */
import type { ISessionRecord } from '../cache';
import { FileRestCache } from '../remote/node/restCache';
import type { ISessionInfo, ISessionSummary } from '../sessionSummary';
import type {
  IMaterialised,
  IMetadataSources,
  ISessionSearch,
  ISessionSource
} from '../source';
import { LocalOne } from './localOne';
import { ISessionFolder, openSessionFolder } from './sessionFolder';

/** Opens the cache's tables; `sessionsOnly` skips datasets.pqt (by far the larger table). */
export type TablesOpener = (options: {
  sessionsOnly?: boolean;
}) => Promise<LocalOne>;

function summary(s: ISessionRecord): ISessionSummary {
  return {
    eid: s.eid,
    lab: s.lab,
    subject: s.subject,
    date: s.date,
    number: s.number,
    task_protocol: s.taskProtocol
  };
}

/** ONE's search keys for the CLI's filters (set ones only). */
function oneQuery(filters: ISessionSearch): Record<string, unknown> {
  const query: Record<string, unknown> = {
    subject: filters.subject,
    date_range: filters.dateRange,
    laboratory: filters.lab,
    projects: filters.project,
    task_protocol: filters.protocol,
    number: filters.number,
    dataset_contains: filters.datasets
  };
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined)
  );
}

export class LocalSource implements ISessionSource<LocalOne> {
  private folderOpened: Promise<ISessionFolder> | undefined;
  /** Tables opened by this source, by `sessionsOnly`: a batch looks up many sessions. */
  private readonly tables = new Map<boolean, Promise<LocalOne>>();

  /**
   * `cacheDir`: the cache folder (for a session folder, the folder holding `<lab>/`).
   * `sessionFolder`: the one session folder this source serves, if opened on one.
   */
  constructor(
    readonly cacheDir: string | undefined,
    private readonly openTables: TablesOpener = options =>
      LocalOne.open(this.cache(), this.cache(), options),
    readonly sessionFolder?: string
  ) {}

  async search(filters: ISessionSearch): Promise<ISessionSummary[]> {
    const one = await this.openTables({ sessionsOnly: !filters.datasets });
    return one.search(oneQuery(filters)).map(eid => summary(one.session(eid)));
  }

  async session(id: string): Promise<ISessionSummary> {
    const { one, eid } = await this.resolve(id, { sessionsOnly: true });
    return summary(one.session(eid));
  }

  async info(id: string): Promise<ISessionInfo> {
    // Only this session's rows of the cache tables: a big cache answers in a fraction of the time.
    const { one, eid } = this.sessionFolder
      ? await this.resolve(id)
      : await LocalOne.openForSession(this.cache(), id).then(one => ({
          one,
          eid: one.toEid(id)
        }));
    const s = one.session(eid);
    const datasets = one.datasetRecords(eid).map(d => ({
      rel_path: d.relPath,
      file_size: d.fileSize,
      qc: d.qc,
      exists: d.exists
    }));
    datasets.sort((a, b) => a.rel_path.localeCompare(b.rel_path));
    return { session: { ...summary(s), projects: s.projects }, datasets };
  }

  async metadataSources(id: string): Promise<IMetadataSources> {
    const { one, eid, folder } = await this.resolve(id);
    const bare = folder && !folder.fromTables;
    const rest = new FileRestCache(this.cache());
    return {
      eid,
      table: one.session(eid),
      // Offline: expired entries still beat nothing (ONE does the same).
      lookup: async path => (await rest.read(path))?.value ?? null,
      ...(bare ? { sessionDir: this.sessionFolder, bareFolder: true } : {})
    };
  }

  async materialise(id: string): Promise<IMaterialised<LocalOne>> {
    const { one, eid, folder } = await this.resolve(id);
    one.session(eid); // an eid the tables do not have is NOT_FOUND here, before any work
    const bare = folder && !folder.fromTables;
    return {
      cacheDir: this.cache(),
      one,
      eid,
      ...(bare ? { sessionDir: this.sessionFolder, bareFolder: true } : {})
    };
  }

  private cache(): string {
    if (!this.cacheDir) {
      // The CLI asks for --cache (or a session folder) before it gets here.
      throw new Error('a local source needs a cache folder');
    }
    return this.cacheDir;
  }

  /** The session's eid and tables: the session folder's, or the cache's. */
  private async resolve(
    id: string,
    options: { sessionsOnly?: boolean } = {}
  ): Promise<{ one: LocalOne; eid: string; folder?: ISessionFolder }> {
    if (this.sessionFolder) {
      this.folderOpened ??= openSessionFolder(this.sessionFolder);
      const folder = await this.folderOpened;
      return { one: folder.one, eid: folder.eid, folder };
    }
    const sessionsOnly = !!options.sessionsOnly;
    if (!this.tables.has(sessionsOnly)) {
      this.tables.set(sessionsOnly, this.openTables({ sessionsOnly }));
    }
    const one = await this.tables.get(sessionsOnly)!;
    return { one, eid: one.toEid(id) };
  }
}
