/**
 * Read ALF datasets of the session through the ONE readers. Every error names
 * the dataset (the readers name the file), so the report says what to fix.
 */
import { join } from 'node:path';

import { MissingDatasetError } from '../../one/errors';
import type { INdArray } from '../../one/npy';
import type { LocalOne } from '../../one/node/localOne';
import {
  IExpectedFile,
  readVerifiedBytes,
  readVerifiedNpy,
  readVerifiedTable,
  verifyFile
} from '../../one/node/verifiedRead';
import type { ITable } from '../../one/tables';
import { DatasetIndex, IIndexedDataset } from './datasetIndex';
import { DatasetContentError } from './errors';

export interface ISessionDataOptions {
  /**
   * Compare each file's md5 with the cache's `hash` before trusting its
   * values (default true). Sizes are always compared with `file_size`.
   */
  verifyHashes?: boolean;
}

export class SessionData {
  /** Revision used per dataset rel_path, for the metadata's revision record. */
  readonly revisions = new Map<string, string>();
  /** The modality (interface name) reading datasets now. */
  modality = '';
  private readonly modalityRevisions = new Map<string, Set<string>>();

  constructor(
    readonly one: LocalOne,
    readonly eid: string,
    readonly index: DatasetIndex,
    readonly options: ISessionDataOptions = {}
  ) {}

  dataset(collection: string, name: string): IIndexedDataset {
    const found = this.index.find(collection, name);
    if (!found) {
      throw this.missing(collection, name);
    }
    if (found.revision) {
      this.revisions.set(found.relPath, found.revision);
      const seen = this.modalityRevisions.get(this.modality) ?? new Set();
      this.modalityRevisions.set(this.modality, seen.add(found.revision));
    }
    return found;
  }

  /**
   * The error for a dataset the session lacks. When other files of its ALF
   * object are there, the session is damaged (an interrupted copy or
   * download), not merely without this modality: say which files are there.
   */
  private missing(collection: string, name: string): MissingDatasetError {
    const path = `${collection}/${name}`;
    const parts = this.index.objectParts(collection, name);
    if (parts.length > 0) {
      const shown = parts.slice(0, 3).map(p => p.relPath);
      const more = parts.length > 3 ? `, … (${parts.length} files)` : '';
      return new MissingDatasetError(
        path,
        `the file is missing although ${shown.join(', ')}${more} of the same ALF object are present: the session is incomplete`,
        'Copy or download the missing file again (ONE downloads what a session lacks), or leave this modality out (--modalities).'
      );
    }
    return new MissingDatasetError(
      path,
      'the dataset is not in the session',
      'Download the dataset first (ONE downloads what a session lacks), or leave this modality out (--modalities).'
    );
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

  /** The file of a dataset and what the cache says it must be. */
  private async located(
    collection: string,
    name: string
  ): Promise<{ path: string; expected: IExpectedFile }> {
    const { record } = this.dataset(collection, name);
    return {
      path: await this.one.datasetPath(record),
      expected: { size: record.fileSize, md5: record.hash }
    };
  }

  private get verify() {
    return { md5: this.options.verifyHashes ?? true };
  }

  /**
   * The path of a dataset another reader opens (a streamed `.cbin`, a copied
   * video), checked first: its size always, its md5 when the file is small.
   */
  async path(collection: string, name: string): Promise<string> {
    const { path, expected } = await this.located(collection, name);
    await verifyFile(path, expected, this.verify);
    return path;
  }

  /** A `.npy` dataset; a 1-column 2-D array stays 2-D (callers know the shape). */
  async array(collection: string, name: string): Promise<INdArray> {
    const { path, expected } = await this.located(collection, name);
    return readVerifiedNpy(path, expected, this.verify);
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

  /** A small text dataset (YAML, JSON), decoded as UTF-8. */
  async text(collection: string, name: string): Promise<string> {
    const { path, expected } = await this.located(collection, name);
    return new TextDecoder().decode(
      await readVerifiedBytes(path, expected, this.verify)
    );
  }

  async table(collection: string, name: string): Promise<ITable> {
    const { path, expected } = await this.located(collection, name);
    // Parquet on one thread: during a conversion the deflate workers already use every
    // core, and splitting pose tables between threads measured slower there
    // (bench/convert: 14.4 s vs 11.8 s, peak 2.0 vs 1.3 GB).
    return readVerifiedTable(path, expected, this.verify);
  }
}
