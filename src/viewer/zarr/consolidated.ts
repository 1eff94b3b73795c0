import { parseMetadataBytes } from './json';
import type { IKeyStore } from './store';

/**
 * The metadata documents of a Zarr v2 store from its consolidated metadata
 * (`.zmetadata`, which hdmf-zarr writes by default): one read gives the
 * whole tree. A store without it cannot be walked over plain HTTP, where
 * directories cannot be listed.
 */
export async function consolidatedMetadata(
  store: IKeyStore,
  where: string
): Promise<Record<string, unknown>> {
  const bytes = await store.get('/.zmetadata');
  if (!bytes) {
    throw new Error(
      `${where} has no consolidated metadata (.zmetadata), so its tree cannot be read over HTTP. ` +
        'Write it with hdmf-zarr (it consolidates by default) or run zarr.consolidate_metadata() on the store.'
    );
  }
  const doc = parseMetadataBytes(bytes, `${where}/.zmetadata`) as {
    metadata?: unknown;
  };
  if (!doc || typeof doc.metadata !== 'object' || doc.metadata === null) {
    throw new Error(
      `${where}/.zmetadata has no "metadata" object: it is not Zarr v2 consolidated metadata.`
    );
  }
  return doc.metadata as Record<string, unknown>;
}
