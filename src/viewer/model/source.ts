/**
 * The abstract HDF5 reader the NWB model is built on. It is implemented by
 * h5wasm directly (Node tests) and by a proxy to the Web Worker (browser), so
 * every call is async and every value must survive structured cloning.
 */

/** What a link in a group points at. */
export type H5Kind =
  | 'group'
  | 'dataset'
  | 'datatype'
  | 'broken-link'
  | 'external-link'
  | 'unknown';

/** An object reference, already resolved to the path it points at. */
export interface IH5Reference {
  readonly reference: string | null;
}

/** An attribute we did not read (too large, or an unsupported type). */
export interface IH5Omitted {
  readonly omitted: string;
}

/** One link of a group, with the attributes of what it points at. */
export interface IH5Entry {
  readonly name: string;
  /** Absolute path of the link (not of its target). */
  readonly path: string;
  readonly kind: H5Kind;
  /** Target path when the link is a soft link (its attributes are not read). */
  readonly softLink?: string;
  /** File and path when the link is an external link. */
  readonly externalLink?: { readonly file: string; readonly path: string };
  /** Attribute values (strings, numbers, typed arrays, references …). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Dataset shape (`[]` for a scalar, `null` for an empty dataspace). */
  readonly shape?: number[] | null;
  /** Dataset dtype in h5wasm's notation (`<f8`, `S`, …) or a class name. */
  readonly dtype?: string;
}

/** Storage details of one dataset, for the raw inspector and readers. */
export interface IH5DatasetInfo {
  readonly path: string;
  readonly shape: number[] | null;
  readonly dtype: string;
  /** HDF5 type class: integer, float, string, compound, reference, … */
  readonly typeClass: string;
  readonly itemSize: number;
  readonly chunks: number[] | null;
  readonly maxshape: number[] | null;
  readonly filters: { readonly id: number; readonly name: string }[];
}

/** `[start, stop)` per dimension; `null` bounds mean the dataset's edge. */
export type H5Slice = [number | null, number | null][];

export interface IH5Source {
  /** File name shown in messages. */
  readonly filename: string;
  /** Size of the file in bytes (0 when unknown). */
  readonly size: number;
  /** The root group as an entry (name `''`, path `/`). */
  root(): Promise<IH5Entry>;
  /** The links of a group, hard links first-class, soft/external described. */
  list(path: string): Promise<IH5Entry[]>;
  /** Storage details of a dataset. */
  info(path: string): Promise<IH5DatasetInfo>;
  /** Read a whole dataset, or a slice of it. Strings come back as strings. */
  read(path: string, slice?: H5Slice): Promise<unknown>;
}
