/**
 * Zarr (numpy) dtypes and numcodecs codecs in the notation `H5wasmSource`
 * uses, so the model, the inspector and the views see one vocabulary
 * whatever the storage format.
 */
import type { ICodecConfig } from './catalogue';

/** What `IH5DatasetInfo` says about an element type. */
export interface IH5TypeFacts {
  /** h5wasm's dtype: `<d`, `<q`, `<B`, `S`, `S12`, `Reference`, or a class name. */
  readonly dtype: string;
  readonly typeClass: string;
  readonly itemSize: number;
}

/** h5wasm's letters by byte size (struct module codes). */
const INT_LETTERS: Record<number, string> = { 1: 'b', 2: 'h', 4: 'i', 8: 'q' };
const FLOAT_LETTERS: Record<number, string> = { 2: 'e', 4: 'f', 8: 'd' };

/**
 * HDF5 variable-length strings as h5wasm describes them. The character set
 * (ASCII `A` or UTF-8 `S`) is not recorded by Zarr or LINDI; UTF-8 is the
 * superset, and every ASCII string reads the same as UTF-8.
 */
export const VLEN_STRING: IH5TypeFacts = {
  dtype: 'S',
  typeClass: 'string',
  itemSize: 4
};

export const REFERENCE: IH5TypeFacts = {
  dtype: 'Reference',
  typeClass: 'reference',
  itemSize: 8
};

/** HDF5 booleans are h5py's FALSE/TRUE enum of int8. */
export const BOOLEAN: IH5TypeFacts = {
  dtype: 'unknown',
  typeClass: 'enum',
  itemSize: 1
};

export function compoundFacts(itemSize: number): IH5TypeFacts {
  return { dtype: 'compound', typeClass: 'compound', itemSize };
}

/**
 * A numpy dtype string (`<f8`, `|u1`, `>i4`, `|S12`, `<U7`, `|b1`) in
 * h5wasm's notation; null for object (`|O`) and unknown dtypes, which the
 * caller types from the format's own hints.
 */
export function numpyToH5(dtype: string): IH5TypeFacts | null {
  const match = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(dtype);
  if (!match) {
    return null;
  }
  const [, order, kind, digits] = match;
  const size = Number(digits || 0);
  const endian = order === '>' ? '>' : '<';
  switch (kind) {
    case 'i':
    case 'u': {
      const letter = INT_LETTERS[size];
      if (!letter) {
        return null;
      }
      return {
        dtype: endian + (kind === 'u' ? letter.toUpperCase() : letter),
        typeClass: 'integer',
        itemSize: size
      };
    }
    case 'f': {
      const letter = FLOAT_LETTERS[size];
      return letter
        ? { dtype: endian + letter, typeClass: 'float', itemSize: size }
        : null;
    }
    case 'b':
      return BOOLEAN;
    case 'S':
      // Fixed-length byte strings: h5py writes them as ASCII.
      return { dtype: `A${size}`, typeClass: 'string', itemSize: size };
    case 'U':
      // numpy stores 4 bytes per character; HDF5 counted bytes of UTF-8.
      return { dtype: `S${size}`, typeClass: 'string', itemSize: size };
    default:
      return null;
  }
}

/** Names of numcodecs codecs in the inspector (ids follow HDF5 where one exists). */
const HDF5_FILTER_IDS: Record<string, number> = {
  zlib: 1,
  gzip: 1,
  shuffle: 2,
  fletcher32: 3,
  blosc: 32001,
  lz4: 32004,
  zstd: 32015
};

/** The codecs of a `.zarray` as `IH5DatasetInfo.filters`. */
export function codecFilters(
  filters: readonly ICodecConfig[] | null,
  compressor: ICodecConfig | null
): { id: number; name: string }[] {
  const out: { id: number; name: string }[] = [];
  for (const codec of [
    ...(filters ?? []),
    ...(compressor ? [compressor] : [])
  ]) {
    const id = HDF5_FILTER_IDS[codec.id] ?? 0;
    const name =
      codec.id === 'zlib'
        ? 'gzip'
        : codec.id === 'blosc' && typeof codec.cname === 'string'
          ? `blosc (${codec.cname})`
          : codec.id;
    // Object codecs (vlen-utf8, json2, pickle) serialise values; they are
    // how Zarr stores strings, not filters an HDF5 reader would list.
    if (!['vlen-utf8', 'vlen-bytes', 'json2', 'pickle'].includes(codec.id)) {
      out.push({ id, name });
    }
  }
  return out;
}
