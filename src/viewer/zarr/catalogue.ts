/**
 * The hierarchy of a Zarr v2 store from its metadata documents alone
 * (`.zgroup`, `.zarray`, `.zattrs` by key), as consolidated metadata
 * (`.zmetadata`) and LINDI's `refs` both provide them: the tree is known
 * without listing a directory or fetching a chunk.
 */

/** One numcodecs codec as a `.zarray` names it (`{id: 'blosc', …}`). */
export interface ICodecConfig {
  readonly id: string;
  readonly [key: string]: unknown;
}

/** A `.zarray` document (Zarr v2). */
export interface IZarray {
  readonly shape: number[];
  readonly chunks: number[];
  /** `<f8`, `|O`, `<U12`, or a structured dtype (list of fields). */
  readonly dtype: string | unknown[];
  readonly compressor: ICodecConfig | null;
  readonly filters: ICodecConfig[] | null;
  readonly fill_value: unknown;
  readonly order?: 'C' | 'F';
  readonly dimension_separator?: string;
}

export interface IZarrNode {
  /** Absolute path, `/` for the root. */
  readonly path: string;
  readonly kind: 'group' | 'array';
  /** The raw `.zattrs` document (`{}` when absent). */
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly zarray?: IZarray;
  /** Member names, sorted as HDF5 lists links (by name). */
  readonly children: readonly string[];
}

const META = /(^|\/)\.(zgroup|zarray|zattrs)$/;

/** `a/b` + `c` as an absolute path. */
export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Parent of an absolute path (`/` for top-level members). */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export class ZarrCatalogue {
  private constructor(private readonly nodes: Map<string, IZarrNode>) {}

  /**
   * Build the tree from `key -> parsed JSON` (keys relative to the store
   * root, `a/b/.zarray`). Keys that are not metadata (chunks) are ignored.
   */
  static fromMetadata(
    documents: Readonly<Record<string, unknown>>,
    where: string
  ): ZarrCatalogue {
    const kinds = new Map<string, 'group' | 'array'>();
    const attrs = new Map<string, Record<string, unknown>>();
    const zarrays = new Map<string, IZarray>();
    for (const [key, value] of Object.entries(documents)) {
      const match = META.exec(key);
      if (!match) {
        continue;
      }
      const dir = key.slice(0, key.length - match[0].length + match[1].length);
      const path = '/' + dir.replace(/\/+$/, '');
      const doc = (value ?? {}) as Record<string, unknown>;
      if (match[2] === 'zattrs') {
        attrs.set(path, doc);
      } else if (match[2] === 'zarray') {
        kinds.set(path, 'array');
        zarrays.set(path, checkZarray(doc, `${where}: ${key}`));
      } else if (!kinds.has(path)) {
        kinds.set(path, 'group');
      }
    }
    if (kinds.get('/') !== 'group') {
      throw new Error(
        `${where} has no root group (.zgroup): it is not a Zarr v2 store, or its metadata is incomplete.`
      );
    }
    const children = new Map<string, string[]>();
    for (const path of kinds.keys()) {
      if (path === '/') {
        continue;
      }
      const parent = parentPath(path);
      // A node whose parent group is not declared is unreachable from the
      // root, as in zarr-python: it is left out rather than invented.
      const list = children.get(parent) ?? [];
      list.push(path.slice(parent === '/' ? 1 : parent.length + 1));
      children.set(parent, list);
    }
    const nodes = new Map<string, IZarrNode>();
    for (const [path, kind] of kinds) {
      nodes.set(path, {
        path,
        kind,
        attrs: attrs.get(path) ?? {},
        zarray: zarrays.get(path),
        children:
          kind === 'group' ? (children.get(path) ?? []).sort(byName) : []
      });
    }
    return new ZarrCatalogue(nodes);
  }

  node(path: string): IZarrNode | undefined {
    return this.nodes.get(normalise(path));
  }
}

/** HDF5 lists a group's links in the byte order of their names. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(path: string): string {
  const trimmed = ('/' + path).replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed || '/';
}

function checkZarray(doc: Record<string, unknown>, where: string): IZarray {
  if (
    !Array.isArray(doc.shape) ||
    !Array.isArray(doc.chunks) ||
    doc.dtype === undefined
  ) {
    throw new Error(
      `${where} is not a Zarr v2 array description (shape, chunks and dtype are required).`
    );
  }
  return doc as unknown as IZarray;
}
