/**
 * The .nwb assets of a dandiset version (optionally under a path prefix),
 * as the DANDI API lists them: `GET /dandisets/{d}/versions/{v}/assets/`,
 * every page. Each asset's id, size and `modified` become the stamp the
 * index cache is keyed by, so re-opening reads only new or replaced assets.
 */
import { DandiApiError, type GetJson } from '../viewer/remote/dandiApi';
import { normalizeApiUrl } from '../viewer/remote/dandiRef';
import type { IFileStamp } from './refreshPlan';

/** A dandiset version and the folder of it opened as a collection. */
export interface IDandisetCollectionRef {
  readonly apiUrl: string;
  readonly dandiset: string;
  readonly version: string;
  /** '' for the whole dandiset, else a folder (`sub-X`) or path prefix. */
  readonly prefix: string;
}

/** One listed asset. */
export interface IDandisetAsset {
  readonly assetId: string;
  readonly path: string;
  readonly size: number;
  readonly modified: string;
}

/** Pages fetched at most (x 1000 assets): a runaway `next` chain stops with an error. */
const MAX_PAGES = 200;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The cache key of an asset: the archive, dandiset, version and path (never a server path). */
export function assetKey(ref: IDandisetCollectionRef, path: string): string {
  return `dandi:${normalizeApiUrl(ref.apiUrl)}/${ref.dandiset}/${ref.version}/${path}`;
}

/** The membership key of the collection in the index store. */
export function collectionKey(ref: IDandisetCollectionRef): string {
  return assetKey(ref, ref.prefix.replace(/^\/+/, ''));
}

/** Every .nwb asset of the version under the prefix, sorted by path. */
export async function listDandisetAssets(
  ref: IDandisetCollectionRef,
  getJson: GetJson
): Promise<IDandisetAsset[]> {
  const prefix = ref.prefix.replace(/^\/+/, '');
  const params = new URLSearchParams({
    order: 'path',
    page_size: '1000',
    metadata: 'false'
  });
  if (prefix) {
    params.set('path', prefix);
  }
  let url: string | null =
    `${normalizeApiUrl(ref.apiUrl)}/dandisets/${ref.dandiset}/versions/${ref.version}/assets/?${params}`;
  const assets: IDandisetAsset[] = [];
  for (let page = 0; url; page++) {
    if (page === MAX_PAGES) {
      throw new DandiApiError(
        url,
        0,
        `more than ${MAX_PAGES} pages of assets: open a folder of the dandiset (a path prefix) instead`
      );
    }
    const answer = await getJson(url);
    if (!isRecord(answer) || !Array.isArray(answer.results)) {
      throw new DandiApiError(url, 0, 'the answer has no "results" list');
    }
    for (const item of answer.results) {
      const asset = assetOf(item, url);
      // `path` filters by string prefix: `sub-1` must not take `sub-10/…`.
      if (asset && underPrefix(asset.path, prefix)) {
        assets.push(asset);
      }
    }
    url = typeof answer.next === 'string' && answer.next ? answer.next : null;
  }
  return assets.sort((a, b) => a.path.localeCompare(b.path));
}

function underPrefix(path: string, prefix: string): boolean {
  if (!prefix || prefix.endsWith('/')) {
    return path.startsWith(prefix);
  }
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** An .nwb asset record, null for other files; a record without id/size/modified is an error. */
function assetOf(item: unknown, url: string): IDandisetAsset | null {
  if (!isRecord(item) || typeof item.path !== 'string') {
    throw new DandiApiError(url, 0, 'an asset record has no "path"');
  }
  if (!item.path.toLowerCase().endsWith('.nwb')) {
    return null;
  }
  const { asset_id: assetId, size, modified } = item;
  if (typeof assetId !== 'string' || !assetId) {
    throw new DandiApiError(url, 0, `asset ${item.path} has no "asset_id"`);
  }
  if (typeof size !== 'number' || !Number.isFinite(size)) {
    throw new DandiApiError(url, 0, `asset ${item.path} has no "size"`);
  }
  if (typeof modified !== 'string' || !modified) {
    throw new DandiApiError(url, 0, `asset ${item.path} has no "modified"`);
  }
  return { assetId, path: item.path, size, modified };
}

/** The stamp the index cache compares: key, asset id, size and modified. */
export function stampOf(
  ref: IDandisetCollectionRef,
  asset: IDandisetAsset
): IFileStamp {
  return {
    path: assetKey(ref, asset.path),
    id: asset.assetId,
    size: asset.size,
    lastModified: asset.modified
  };
}
