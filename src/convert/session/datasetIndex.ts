/**
 * The session's dataset records, indexed for the interfaces' availability
 * checks: nothing is read from disk here. `_ibl_` namespaces are optional (old
 * and new sessions differ) and the latest revision of each dataset wins.
 */
import { splitRelPath } from '../../one/alf';
import type { IDatasetRecord } from '../../one/cache';
import type { Availability, IDatasetNeed } from '../modality';

export interface IIndexedDataset {
  record: IDatasetRecord;
  collection: string;
  revision: string;
  /** File name without the `_ibl_` namespace. */
  name: string;
  relPath: string;
}

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

export class DatasetIndex {
  private readonly byKey = new Map<string, IIndexedDataset>();

  constructor(records: IDatasetRecord[]) {
    for (const record of records) {
      if (!record.exists) {
        continue;
      }
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
      // Revisions are ISO dates: the lexically greatest is the latest.
      if (!known || known.revision < revision) {
        this.byKey.set(key, entry);
      }
    }
  }

  /** The dataset `name` (namespace optional) in `collection`, if recorded. */
  find(collection: string, name: string): IIndexedDataset | undefined {
    return this.byKey.get(`${collection}/${bareName(name)}`);
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
    return this.glob(need.collection, need.name).length > 0;
  }

  /** Available when every required need is recorded; else the first missing one is the reason. */
  availability(needs: IDatasetNeed[]): Availability {
    const missing = needs.filter(n => !n.optional && !this.has(n));
    if (missing.length === 0) {
      return { available: true };
    }
    const names = missing.map(n => `${n.collection}/${n.name}`).join(', ');
    return {
      available: false,
      reason: `the session has no ${names} in its dataset records`
    };
  }
}
