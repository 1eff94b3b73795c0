import type { TypeRegistry } from './inheritance';
import type { H5Kind, IH5Entry, IH5Source } from './source';
import { nwb1Typing } from './nwb1';
import { asText } from './text';

/** One HDF5 link in the file, with its NWB typing when it has one. */
export interface INeurodataNode {
  readonly name: string;
  readonly path: string;
  readonly kind: H5Kind;
  /** `neurodata_type` (or hdmf `data_type`) attribute, if any. */
  readonly neurodataType?: string;
  readonly namespace?: string;
  /** `[type, parent, …]` resolved through the specifications; `[]` if untyped. */
  readonly ancestry: string[];
  readonly description?: string;
  readonly softLink?: string;
  readonly externalLink?: { readonly file: string; readonly path: string };
  readonly shape?: number[] | null;
  readonly dtype?: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly children: INeurodataNode[];
}

/** Groups that are HDF5 bookkeeping rather than data. */
const SKIPPED_ROOT_GROUPS = new Set(['specifications']);

export interface ICrawlOptions {
  /** Called after each group is listed, with the number listed so far. */
  onProgress?: (groupsListed: number) => void;
  /** Stop early (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** The file is NWB 1.x: type time series by their `ancestry` attribute. */
  nwb1?: boolean;
}

/**
 * Walk every group reachable by hard links and type each link. Soft and
 * external links are recorded but not followed: their targets are listed
 * where they live, so each object appears exactly once.
 */
export async function crawlTree(
  source: IH5Source,
  root: IH5Entry,
  types: TypeRegistry,
  options: ICrawlOptions = {}
): Promise<INeurodataNode> {
  let listed = 0;
  const visit = async (entry: IH5Entry): Promise<INeurodataNode> => {
    const children: INeurodataNode[] = [];
    const node = toNode(entry, types, children, options.nwb1);
    if (entry.kind !== 'group' || entry.softLink) {
      return node;
    }
    options.signal?.throwIfAborted();
    const entries = await source.list(entry.path);
    options.onProgress?.(++listed);
    for (const child of entries) {
      if (entry.path === '/' && SKIPPED_ROOT_GROUPS.has(child.name)) {
        continue;
      }
      children.push(await visit(child));
    }
    return node;
  };
  return visit(root);
}

function toNode(
  entry: IH5Entry,
  types: TypeRegistry,
  children: INeurodataNode[],
  nwb1 = false
): INeurodataNode {
  const legacy = nwb1 ? nwb1Typing(entry.attrs) : undefined;
  // The NWB 1.x root has no type attribute; it is the file all the same.
  const rootType = nwb1 && entry.path === '/' ? 'NWBFile' : undefined;
  const neurodataType =
    legacy?.type ??
    rootType ??
    asText(entry.attrs.neurodata_type ?? entry.attrs.data_type);
  const namespace = asText(entry.attrs.namespace);
  return {
    name: entry.name,
    path: entry.path,
    kind: entry.kind,
    neurodataType,
    namespace,
    ancestry:
      legacy?.ancestry ??
      (neurodataType ? types.ancestry(neurodataType, namespace) : []),
    description: asText(entry.attrs.description),
    softLink: entry.softLink,
    externalLink: entry.externalLink,
    shape: entry.shape,
    dtype: entry.dtype,
    attrs: entry.attrs,
    children
  };
}

/** Every node of the tree, depth first. */
export function* walkTree(node: INeurodataNode): Generator<INeurodataNode> {
  yield node;
  for (const child of node.children) {
    yield* walkTree(child);
  }
}

/** The node at `path`, or `undefined`. */
export function findNode(
  root: INeurodataNode,
  path: string
): INeurodataNode | undefined {
  if (path === '/' || path === '') {
    return root;
  }
  let node: INeurodataNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    node = node?.children.find(c => c.name === part);
  }
  return node;
}

/** Number of typed objects per neurodata type. */
export function countTypes(root: INeurodataNode): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of walkTree(root)) {
    if (node.neurodataType && !node.softLink) {
      counts[node.neurodataType] = (counts[node.neurodataType] ?? 0) + 1;
    }
  }
  return counts;
}
