/**
 * The session's dataset records, indexed for the interfaces' availability
 * checks: nothing is read from disk here. `_ibl_` namespaces are optional (old
 * and new sessions differ), early dataset names stand in for today's, and one
 * revision of each dataset is chosen by ONE's rule (`filter_revision_last_before`):
 * with a pinned revision, the last one at or before it; without, the cache's
 * default revision where the table flags one, else the latest.
 */
import { splitRelPath } from '../../one/alf';
import type { IDatasetRecord } from '../../one/cache';
import { filterRevisionLastBefore } from '../../one/datasetFilter';
import type { Availability, IDatasetNeed } from '../modality';

export interface IIndexedDataset {
  record: IDatasetRecord;
  collection: string;
  revision: string;
  /** File name without the `_ibl_` namespace. */
  name: string;
  relPath: string;
}

/**
 * Names of the first IBL extractors (2018–2019 sessions) that mean today's
 * dataset: ibllib saved the wheel times as `_ibl_wheel.times.npy` before the
 * ALF attribute became `timestamps` (ONE's fixture tables list both).
 */
export const EARLY_NAMES: Readonly<Record<string, readonly string[]>> = {
  'wheel.timestamps.npy': ['wheel.times.npy']
};

/** `_ibl_trials.table.pqt` and `trials.table.pqt` are the same dataset. */
export function bareName(filename: string): string {
  return filename.replace(/^_ibl_/, '');
}

function globRegex(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${escaped}$`);
}

export interface IDatasetIndexOptions {
  /**
   * Pinned ALF revision (e.g. the release's `2025-05-06`): each dataset at its
   * last revision at or before this one (ONE's `revision=` with its default
   * `revision_last_before`); datasets recorded only at later revisions are
   * left out, and their absence says so.
   */
  revision?: string;
}

export class DatasetIndex {
  private readonly byKey = new Map<string, IIndexedDataset>();
  /** `collection/name` of datasets the records list as not existing (ONE's `exists` false). */
  private readonly absentKeys = new Set<string>();
  /** `collection/name` of datasets recorded only at revisions after the pinned one. */
  private readonly laterOnlyKeys = new Set<string>();
  readonly revision: string | undefined;

  constructor(records: IDatasetRecord[], options: IDatasetIndexOptions = {}) {
    this.revision = options.revision;
    const existing: IDatasetRecord[] = [];
    for (const record of records) {
      const { collection, filename } = splitRelPath(record.relPath);
      if (record.exists) {
        existing.push(record);
      } else {
        this.absentKeys.add(`${collection}/${bareName(filename)}`);
      }
    }
    // ONE's rule, not "the latest wins": a cache may flag an older revision as the
    // default one (a later one withdrawn), and a pin must reproduce a release.
    const chosen = filterRevisionLastBefore(existing, options.revision, false);
    for (const record of chosen) {
      const { collection, revision, filename } = splitRelPath(record.relPath);
      const entry: IIndexedDataset = {
        record,
        collection,
        revision,
        name: bareName(filename),
        relPath: record.relPath
      };
      const key = `${collection}/${entry.name}`;
      const known = this.byKey.get(key);
      // `_ibl_x` and `x` of the same dataset: keep the later revision.
      if (!known || known.revision < revision) {
        this.byKey.set(key, entry);
      }
    }
    for (const record of existing) {
      const { collection, filename } = splitRelPath(record.relPath);
      const key = `${collection}/${bareName(filename)}`;
      if (!this.byKey.has(key)) {
        this.laterOnlyKeys.add(key);
      }
    }
  }

  /** Why a dataset the records hold is not in the index: only revisions after the pin. */
  private laterOnly(collection: string, name: string): boolean {
    const bare = bareName(name);
    return [bare, ...(EARLY_NAMES[bare] ?? [])].some(n =>
      this.laterOnlyKeys.has(`${collection}/${n}`)
    );
  }

  /** The dataset `name` (namespace optional, or its early name) in `collection`, if recorded. */
  find(collection: string, name: string): IIndexedDataset | undefined {
    const bare = bareName(name);
    for (const candidate of [bare, ...(EARLY_NAMES[bare] ?? [])]) {
      const found = this.byKey.get(`${collection}/${candidate}`);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  /**
   * Whether the records say the dataset `name` does not exist (a cache row with
   * `exists` false, and no existing revision of it): the data provider knows it
   * is absent, so its lack is not damage of this copy. A bare folder has no such
   * records: there every missing file is unexplained.
   */
  recordedAbsent(collection: string, name: string): boolean {
    return (
      !this.find(collection, name) &&
      this.absentKeys.has(`${collection}/${bareName(name)}`)
    );
  }

  /** Every dataset whose collection and name match the glob patterns. */
  glob(collection: string, name: string): IIndexedDataset[] {
    const c = globRegex(collection);
    const n = globRegex(bareName(name));
    return [...this.byKey.values()]
      .filter(d => c.test(d.collection) && n.test(d.name))
      .sort((a, b) => a.relPath.localeCompare(b.relPath));
  }

  has(need: IDatasetNeed): boolean {
    const exact = !`${need.collection}/${need.name}`.includes('*');
    return exact
      ? this.find(need.collection, need.name) !== undefined
      : this.glob(need.collection, need.name).length > 0;
  }

  /** Every other recorded dataset of the ALF object `name` names, in `collection`. */
  objectParts(collection: string, name: string): IIndexedDataset[] {
    const object = bareName(name).split('.')[0];
    return this.glob(collection, `${object}.*`);
  }

  /**
   * Available when every required need is recorded; unavailable, with the
   * missing needs as the reason, when none is. When only some are, the data
   * is there but damaged (a copy or download that stopped half-way, a file
   * deleted by hand): the interface is available and fails when it reads the
   * missing file, naming it, as it would for a file a cache table lists but
   * the disk lacks. Skipping would drop what is intact with what is broken
   * (one probe of two) and call the result done.
   */
  availability(needs: IDatasetNeed[]): Availability {
    const required = needs.filter(n => !n.optional);
    const missing = required.filter(n => !this.has(n));
    if (missing.length < required.length || required.length === 0) {
      return { available: true };
    }
    const names = missing.map(n => `${n.collection}/${n.name}`).join(', ');
    const later = missing.some(n => this.laterOnly(n.collection, n.name));
    return {
      available: false,
      reason: later
        ? `the session has no ${names} at revision ${this.revision} or earlier (only later revisions are recorded; convert without --revision or with a later one)`
        : `the session has no ${names} in its dataset records`
    };
  }
}
