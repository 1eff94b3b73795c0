import * as zarr from 'zarrita';

import { H5ReadError } from '../model/errors';
import type {
  H5Slice,
  IH5DatasetInfo,
  IH5Entry,
  IH5Source
} from '../model/source';
import { joinPath, type IZarrNode, type ZarrCatalogue } from './catalogue';
import { registerNwbCodecs } from './codecs';
import { codecFilters, type IH5TypeFacts } from './h5Notation';
import { ChunkCache, type IKeyStore } from './store';
import { cOrderValues, scalarOf } from './values';

/** A link that is not a stored node: a soft link or a link into another file. */
export interface ILinkFacts {
  readonly softLink?: string;
  readonly externalLink?: { readonly file: string; readonly path: string };
}

/** How a format stores one array, in HDF5 terms. */
export interface IArrayFacts {
  /** Stored as shape `[1]`, read and shown as an HDF5 scalar. */
  readonly scalar: boolean;
  readonly type: IH5TypeFacts;
  /** Elements the format stores as objects that map to HDF5 references or rows. */
  readonly elements: 'plain' | 'reference' | 'compound';
}

const MAX_LINK_HOPS = 32;

/**
 * `IH5Source` over a Zarr v2 hierarchy whose metadata is known up front.
 * The NWB writers for Zarr (hdmf-zarr) and LINDI each encode what Zarr has
 * no word for (soft links, references, scalars, compound rows) in their own
 * attributes; a subclass reads those conventions, this class does the rest
 * exactly as `H5wasmSource` presents HDF5.
 */
export abstract class ZarrTreeSource implements IH5Source {
  private readonly arrays = new Map<
    string,
    Promise<zarr.Array<zarr.DataType>>
  >();

  private readonly store: IKeyStore;

  constructor(
    protected readonly catalogue: ZarrCatalogue,
    store: IKeyStore,
    readonly filename: string,
    readonly size: number
  ) {
    registerNwbCodecs();
    // What was read stays for the next selection in the same chunks.
    this.store = new ChunkCache(store);
  }

  /** A member that is a link (not a node of its own), or null. */
  protected abstract linkOf(parent: IZarrNode, name: string): ILinkFacts | null;
  /** Link names a group declares in its attributes (hdmf-zarr), besides its nodes. */
  protected abstract linkNames(group: IZarrNode): string[];
  /** A node's attributes as h5wasm presents HDF5 attributes. */
  protected abstract attributes(node: IZarrNode): Record<string, unknown>;
  protected abstract arrayFacts(
    node: IZarrNode
  ): IArrayFacts | Promise<IArrayFacts>;
  /**
   * A stored value that is a reference, as the path it points at (null:
   * nowhere); undefined when the value is not a reference.
   */
  protected abstract referenceOf(
    value: unknown
  ): { path: string | null } | undefined;

  /** An array whose data the format keeps elsewhere (LINDI external array links). */
  protected readElsewhere(
    _node: IZarrNode,
    _slice: H5Slice | undefined
  ): Promise<unknown> | null {
    return null;
  }

  async root(): Promise<IH5Entry> {
    const node = this.mustNode('/');
    return { name: '', path: '/', kind: 'group', attrs: this.attributes(node) };
  }

  async list(path: string): Promise<IH5Entry[]> {
    const group = this.resolve(path);
    if (group?.kind !== 'group') {
      throw new H5ReadError(this.filename, path, 'is not a group');
    }
    const names = [...new Set([...group.children, ...this.linkNames(group)])];
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const base = path === '/' ? '/' : path.replace(/\/+$/, '');
    return Promise.all(
      names.map(name => this.entry(group, name, joinPath(base, name)))
    );
  }

  async info(path: string): Promise<IH5DatasetInfo> {
    const node = this.mustArray(path);
    const facts = await this.arrayFacts(node);
    const zarray = node.zarray!;
    return {
      path,
      shape: facts.scalar ? [] : [...zarray.shape],
      dtype: facts.type.dtype,
      typeClass: facts.type.typeClass,
      itemSize: facts.type.itemSize,
      chunks: facts.scalar ? null : [...zarray.chunks],
      maxshape: facts.scalar ? [] : [...zarray.shape],
      filters: codecFilters(zarray.filters, zarray.compressor)
    };
  }

  async read(path: string, slice?: H5Slice): Promise<unknown> {
    const node = this.mustArray(path);
    const facts = await this.arrayFacts(node);
    try {
      const elsewhere = this.readElsewhere(node, slice);
      if (elsewhere) {
        return await elsewhere;
      }
      const empty = emptyRead(node.zarray!.shape, slice, facts);
      if (empty !== null) {
        return empty;
      }
      const array = await this.array(node);
      const selection = facts.scalar
        ? null
        : node.zarray!.shape.map((size, d) => {
            const [start, stop] = slice?.[d] ?? [null, null];
            const from = Math.max(0, Math.min(size, start ?? 0));
            return zarr.slice(
              from,
              Math.max(from, Math.min(size, stop ?? size))
            );
          });
      const chunk = await zarr.get(array, selection);
      const values = this.elementValues(cOrderValues(chunk as never), facts);
      return facts.scalar ? scalarOf(values) : values;
    } catch (error) {
      throw new H5ReadError(
        this.filename,
        path,
        `could not be read (${error instanceof Error ? error.message : String(error)})`
      );
    }
  }

  /** The node at `path`, following soft links on the way (as HDF5 does). */
  protected resolve(path: string): IZarrNode | undefined {
    let node = this.catalogue.node('/');
    let current = '/';
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length && node; i++) {
      const link = this.linkOf(node, parts[i]);
      current = link?.softLink
        ? this.followSoft(link.softLink)
        : joinPath(current, parts[i]);
      node = link?.externalLink ? undefined : this.catalogue.node(current);
    }
    return node;
  }

  private followSoft(target: string): string {
    let path = target;
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const cut = path.lastIndexOf('/');
      const parent = this.resolve(path.slice(0, cut) || '/');
      const link = parent ? this.linkOf(parent, path.slice(cut + 1)) : null;
      if (!link?.softLink) {
        return parent ? joinPath(parent.path, path.slice(cut + 1)) : path;
      }
      path = link.softLink;
    }
    return path;
  }

  private async entry(
    group: IZarrNode,
    name: string,
    path: string
  ): Promise<IH5Entry> {
    const link = this.linkOf(group, name);
    if (link?.externalLink) {
      return {
        name,
        path,
        kind: 'external-link',
        externalLink: link.externalLink,
        attrs: {}
      };
    }
    if (link?.softLink) {
      const target = this.resolve(link.softLink);
      const kind = !target
        ? 'broken-link'
        : target.kind === 'array'
          ? 'dataset'
          : 'group';
      return { name, path, kind, softLink: link.softLink, attrs: {} };
    }
    const node = this.catalogue.node(joinPath(group.path, name));
    if (!node) {
      return { name, path, kind: 'unknown', attrs: {} };
    }
    if (node.kind === 'group') {
      return { name, path, kind: 'group', attrs: this.attributes(node) };
    }
    const facts = await this.arrayFacts(node);
    return {
      name,
      path,
      kind: 'dataset',
      attrs: this.attributes(node),
      shape: facts.scalar ? [] : [...node.zarray!.shape],
      dtype: facts.type.dtype
    };
  }

  private elementValues(values: unknown, facts: IArrayFacts): unknown {
    if (facts.elements === 'reference') {
      return (values as unknown[]).map(v => ({
        reference: this.referenceOf(v)?.path ?? null
      }));
    }
    if (facts.elements === 'compound') {
      return (values as unknown[]).map(row =>
        (Array.isArray(row) ? row : [row]).map(field => {
          const ref = this.referenceOf(field);
          return ref ? { reference: ref.path } : field;
        })
      );
    }
    return values;
  }

  /** The first stored element of an array (no conventions applied). */
  protected async firstElement(node: IZarrNode): Promise<unknown> {
    if (!node.zarray || node.zarray.shape.some(n => n === 0)) {
      return undefined;
    }
    const array = await this.array(node);
    const chunk = await zarr.get(
      array,
      node.zarray.shape.map(() => zarr.slice(0, 1))
    );
    return (cOrderValues(chunk as never) as ArrayLike<unknown>)[0];
  }

  private array(node: IZarrNode): Promise<zarr.Array<zarr.DataType>> {
    let array = this.arrays.get(node.path);
    if (!array) {
      const location = zarr
        .root(this.store as never)
        .resolve(node.path.slice(1));
      array = zarr.open.v2(location, { kind: 'array', attrs: false });
      this.arrays.set(node.path, array);
    }
    return array;
  }

  private mustNode(path: string): IZarrNode {
    const node = this.resolve(path);
    if (!node) {
      throw new H5ReadError(this.filename, path, 'does not exist');
    }
    return node;
  }

  private mustArray(path: string): IZarrNode {
    const node = this.resolve(path);
    if (node?.kind !== 'array' || !node.zarray) {
      throw new H5ReadError(this.filename, path, 'is not a dataset');
    }
    return node;
  }
}

const EMPTY_TYPED: Record<string, new (n: number) => unknown> = {
  d: Float64Array,
  f: Float32Array,
  q: BigInt64Array,
  Q: BigUint64Array,
  i: Int32Array,
  I: Uint32Array,
  h: Int16Array,
  H: Uint16Array,
  b: Int8Array,
  B: Uint8Array
};

/**
 * A read that selects nothing (a dimension of length 0), answered without
 * zarrita (which cannot iterate zero chunks): an empty typed array for
 * numbers, as h5wasm returns, else an empty list.
 */
function emptyRead(
  shape: number[],
  slice: H5Slice | undefined,
  facts: IArrayFacts
): unknown {
  if (facts.scalar) {
    return null;
  }
  const selected = shape.map((size, d) => {
    const [start, stop] = slice?.[d] ?? [null, null];
    const from = Math.max(0, Math.min(size, start ?? 0));
    return Math.max(0, Math.min(size, stop ?? size) - from);
  });
  if (!selected.some(n => n === 0)) {
    return null;
  }
  if (facts.type.typeClass === 'enum') {
    return new Int8Array(0);
  }
  const Ctor = EMPTY_TYPED[facts.type.dtype.slice(1)];
  return Ctor && /^[<>]/.test(facts.type.dtype) ? new Ctor(0) : [];
}
