import { NwbFormatError } from './errors';
import { TypeRegistry } from './inheritance';
import { nwb1Version } from './nwb1';
import { readOverview, type INwbOverview } from './overview';
import type { IH5Source } from './source';
import { readCachedSpecs, type ICachedSpecs } from './specifications';
import { asText } from './text';
import {
  countTypes,
  crawlTree,
  walkTree,
  type ICrawlOptions,
  type INeurodataNode
} from './tree';

/** Everything the viewer knows about a file after the metadata crawl. */
export interface INwbFileModel {
  readonly filename: string;
  readonly size: number;
  readonly tree: INeurodataNode;
  /** Typed objects (not soft links), in depth-first order. */
  readonly objects: INeurodataNode[];
  readonly counts: Record<string, number>;
  readonly overview: INwbOverview;
  readonly specs: ICachedSpecs;
  readonly types: TypeRegistry;
  /** The NWB 1.x version ("NWB-1.0.5") when the file is NWB 1.x. */
  readonly nwb1?: string;
}

/**
 * Crawl an NWB file's metadata: cached specifications first (for type
 * ancestry), then every group, then the session overview. Reads no bulk data.
 */
export async function loadNwbFile(
  source: IH5Source,
  options: ICrawlOptions = {}
): Promise<INwbFileModel> {
  const root = await source.root();
  const rootNames = (await source.list('/')).map(e => e.name);
  if (
    !asText(root.attrs.nwb_version) &&
    !rootNames.includes('session_start_time')
  ) {
    throw new NwbFormatError(
      source.filename,
      'is an HDF5 file but not an NWB file (no nwb_version attribute and no /session_start_time); open it with an HDF5 viewer instead.'
    );
  }
  const nwb1 = await nwb1Version(source, root, rootNames);
  const specs = await readCachedSpecs(source, rootNames);
  const types = new TypeRegistry(specs.types);
  const tree = await crawlTree(source, root, types, {
    ...options,
    nwb1: !!nwb1
  });
  const objects = [...walkTree(tree)].filter(
    n => n.neurodataType && !n.softLink
  );
  return {
    filename: source.filename,
    size: source.size,
    tree,
    objects,
    counts: countTypes(tree),
    overview: {
      ...(await readOverview(source, tree)),
      ...(nwb1 ? { nwbVersion: nwb1 } : {})
    },
    specs,
    types,
    nwb1
  };
}
