import type { Dataset, File as H5File, Group } from 'h5wasm';

import type {
  H5Kind,
  H5Slice,
  IH5DatasetInfo,
  IH5Entry,
  IH5Source
} from '../model/source';
import { H5ReadError } from '../model/errors';
import {
  countCompoundReferences,
  unwrapCompoundReferences
} from './compoundReferences';

/** Attributes above this many bytes are described, not read (MatNWB arrays stay far below). */
const MAX_ATTRIBUTE_BYTES = 1 << 16;

const TYPE_CLASSES = [
  'integer',
  'float',
  'time',
  'string',
  'bitfield',
  'opaque',
  'compound',
  'reference',
  'enum',
  'vlen',
  'array'
];

const FILTER_NAMES: Record<number, string> = {
  1: 'gzip',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
  32001: 'blosc',
  32004: 'lz4',
  32008: 'bitshuffle',
  32015: 'zstd'
};

/**
 * `IH5Source` over an open h5wasm file. Used in the worker (lazy file) and
 * in Node tests (`h5wasm/node`); it never uses `instanceof` because the two
 * builds have distinct classes — the `type` tag is checked instead.
 */
export class H5wasmSource implements IH5Source {
  constructor(
    private readonly file: H5File,
    readonly filename: string,
    readonly size: number
  ) {}

  async root(): Promise<IH5Entry> {
    return {
      name: '',
      path: '/',
      kind: 'group',
      attrs: this.readAttrs(this.file)
    };
  }

  async list(path: string): Promise<IH5Entry[]> {
    const group = this.file.get(path);
    if (typeTag(group) !== 'Group') {
      throw new H5ReadError(this.filename, path, 'is not a group');
    }
    return (group as Group)
      .keys()
      .map(name => this.entry(group as Group, name));
  }

  async info(path: string): Promise<IH5DatasetInfo> {
    const dataset = this.dataset(path);
    const meta = dataset.metadata;
    return {
      path,
      shape: meta.shape,
      dtype: dtypeName(dataset),
      typeClass: TYPE_CLASSES[meta.type] ?? 'unknown',
      itemSize: meta.size,
      chunks: meta.chunks,
      maxshape: meta.maxshape,
      filters: dataset.filters.map(f => ({
        id: f.id,
        name: FILTER_NAMES[f.id] ?? f.name ?? `filter ${f.id}`
      }))
    };
  }

  async read(path: string, slice?: H5Slice): Promise<unknown> {
    const dataset = this.dataset(path);
    try {
      const references = countCompoundReferences(dataset.metadata);
      const raw = slice ? dataset.slice(slice) : dataset.value;
      // h5wasm (0.10) returns a sliced reference dataset padded to the
      // whole dataset's length with empty references: keep the slice's.
      const kept =
        slice && Array.isArray(raw)
          ? raw.slice(0, sliceCount(dataset.metadata.shape, slice))
          : raw;
      return this.resolveReferences(unwrapCompoundReferences(kept, references));
    } catch (error) {
      throw new H5ReadError(
        this.filename,
        path,
        `could not be read (${String(error)})`
      );
    }
  }

  private dataset(path: string): Dataset {
    const entity = this.file.get(path);
    if (typeTag(entity) !== 'Dataset') {
      throw new H5ReadError(this.filename, path, 'is not a dataset');
    }
    return entity as Dataset;
  }

  private entry(group: Group, name: string): IH5Entry {
    const path = group.path === '/' ? `/${name}` : `${group.path}/${name}`;
    // h5wasm follows external links whose target file is present, so ask
    // for the link itself first: the target is another file's business.
    const external = group.get_external_link(path) as {
      filename?: string;
      obj_path?: string;
    };
    if (external?.filename) {
      return {
        name,
        path,
        kind: 'external-link',
        externalLink: {
          file: external.filename,
          path: external.obj_path ?? '/'
        },
        attrs: {}
      };
    }
    const entity = group.get(name);
    const kind = kindOf(typeTag(entity));
    const softLink =
      kind === 'broken-link' ? brokenTarget(entity) : group.get_link(path);
    if (softLink) {
      return { name, path, kind, softLink, attrs: {} };
    }
    if (kind === 'dataset') {
      const dataset = entity as Dataset;
      return {
        name,
        path,
        kind,
        attrs: this.readAttrs(dataset),
        shape: dataset.metadata.shape,
        dtype: dtypeName(dataset)
      };
    }
    if (kind === 'group') {
      return { name, path, kind, attrs: this.readAttrs(entity as Group) };
    }
    return { name, path, kind, attrs: {} };
  }

  private readAttrs(entity: Group | Dataset): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const attrs = entity.attrs;
    for (const name of Object.keys(attrs)) {
      try {
        const attr = attrs[name];
        const bytes = attr.metadata.total_size * attr.metadata.size;
        values[name] =
          bytes > MAX_ATTRIBUTE_BYTES
            ? { omitted: `${bytes} bytes` }
            : this.resolveReferences(attr.value);
      } catch (error) {
        values[name] = { omitted: String(error) };
      }
    }
    return values;
  }

  /** Replace h5wasm `Reference` objects by the path they point at. */
  private resolveReferences(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map(v => this.resolveReferences(v));
    }
    if (value && typeof value === 'object' && 'ref_data' in value) {
      // A null (all-zero) or empty reference points nowhere: asking HDF5
      // fails and prints an HDF5-DIAG trace per value on the console.
      const bytes = (value as { ref_data: ArrayLike<number> }).ref_data;
      if (!bytes?.length || Array.prototype.every.call(bytes, b => b === 0)) {
        return { reference: null };
      }
      try {
        const target = this.file.dereference(value as never) as {
          path?: string;
        } | null;
        return { reference: target?.path ?? null };
      } catch {
        return { reference: null };
      }
    }
    return value;
  }
}

/** Values selected by `slice` of a dataset of `shape` (null bounds: the edge). */
export function sliceCount(shape: number[] | null, slice: H5Slice): number {
  return (shape ?? []).reduce((count, size, d) => {
    const [start, stop] = slice[d] ?? [null, null];
    const a = Math.max(0, Math.min(size, start ?? 0));
    const b = Math.max(0, Math.min(size, stop ?? size));
    return count * Math.max(0, b - a);
  }, 1);
}

/** h5wasm's class tag (`Group`, `Dataset`, …); references have none. */
function typeTag(entity: unknown): string | undefined {
  const type = (entity as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

function kindOf(type: string | undefined): H5Kind {
  switch (type) {
    case 'Group':
      return 'group';
    case 'Dataset':
      return 'dataset';
    case 'Datatype':
      return 'datatype';
    case 'BrokenSoftLink':
      return 'broken-link';
    case 'ExternalLink':
      return 'external-link';
    default:
      return 'unknown';
  }
}

function brokenTarget(entity: unknown): string {
  return (entity as { target?: string } | null)?.target ?? '?';
}

function dtypeName(dataset: Dataset): string {
  const dtype = dataset.dtype;
  return typeof dtype === 'string'
    ? dtype
    : (TYPE_CLASSES[dataset.metadata.type] ?? 'unknown');
}
