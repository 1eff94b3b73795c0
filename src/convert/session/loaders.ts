/**
 * Read ALF datasets of the session through the ONE readers. Every error names
 * the dataset (the readers name the file), so the report says what to fix.
 */
import { join } from 'node:path';

import { MissingDatasetError } from '../../one/errors';
import type { INdArray } from '../../one/npy';
import { readNpy } from '../../one/node/files';
import type { LocalOne } from '../../one/node/localOne';
import { readTableFile } from '../../one/node/fileContent';
import type { ITable } from '../../one/tables';
import { DatasetIndex, IIndexedDataset } from './datasetIndex';
import { DatasetContentError } from './errors';

export class SessionData {
  /** Revision used per dataset rel_path, for the metadata's revision record. */
  readonly revisions = new Map<string, string>();
  /** The modality (interface name) reading datasets now. */
  modality = '';
  private readonly modalityRevisions = new Map<string, Set<string>>();

  constructor(
    readonly one: LocalOne,
    readonly eid: string,
    readonly index: DatasetIndex
  ) {}

  dataset(collection: string, name: string): IIndexedDataset {
    const found = this.index.find(collection, name);
    if (!found) {
      throw new MissingDatasetError(
        `${collection}/${name}`,
        'the dataset is not in the session',
        'Convert without this modality or download the dataset first.'
      );
    }
    if (found.revision) {
      this.revisions.set(found.relPath, found.revision);
      const seen = this.modalityRevisions.get(this.modality) ?? new Set();
      this.modalityRevisions.set(this.modality, seen.add(found.revision));
    }
    return found;
  }

  /** Modality → the revision(s) of the datasets it read (comma-separated when several). */
  revisionsByModality(): Record<string, string> {
    return Object.fromEntries(
      [...this.modalityRevisions]
        .filter(([modality]) => modality)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([modality, seen]) => [modality, [...seen].sort().join(',')])
    );
  }

  async path(collection: string, name: string): Promise<string> {
    return this.one.datasetPath(this.dataset(collection, name).record);
  }

  /** A `.npy` dataset; a 1-column 2-D array stays 2-D (callers know the shape). */
  async array(collection: string, name: string): Promise<INdArray> {
    return readNpy(await this.path(collection, name));
  }

  /** A numeric `.npy` as float64 values with the expected number of columns. */
  async numbers(
    collection: string,
    name: string,
    columns = 1
  ): Promise<Float64Array> {
    const a = await this.array(collection, name);
    const cols = a.shape.length > 1 ? a.shape[a.shape.length - 1] : 1;
    if (cols !== columns || a.shape.length > 2) {
      throw new DatasetContentError(
        join(collection, name),
        `has shape (${a.shape.join(', ')}) but ${columns} column(s) were expected`
      );
    }
    // float64 files are used as read; other dtypes are widened (one copy).
    return a.data instanceof Float64Array
      ? a.data
      : Float64Array.from(a.data as ArrayLike<number | bigint>, Number);
  }

  async table(collection: string, name: string): Promise<ITable> {
    const path = await this.path(collection, name);
    // One thread: during a conversion the deflate workers already use every
    // core, and splitting pose tables between threads measured slower there
    // (bench/convert: 14.4 s vs 11.8 s, peak 2.0 vs 1.3 GB).
    return readTableFile(path, { split: 'never' });
  }
}
