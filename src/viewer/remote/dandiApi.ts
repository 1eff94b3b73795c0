/**
 * The few DANDI REST API calls the viewer makes (https://api.dandiarchive.org/swagger/):
 * resolve an asset, search dandisets, list a version's folder. JSON comes
 * through an injected `getJson`, so the same code runs against the Jupyter
 * server's proxy in the lab and against recorded responses in tests. No
 * casts: every field is checked, and a response of another shape is an
 * error that names the URL.
 */
import { normalizeApiUrl, type DandiRef } from './dandiRef';

/** GET a URL and parse its JSON; rejects with `DandiApiError` on HTTP errors. */
export type GetJson = (url: string) => Promise<unknown>;

/** An HTTP or shape error of the DANDI API, naming the URL. */
export class DandiApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string
  ) {
    super(`${url}: ${status ? `HTTP ${status}: ` : ''}${detail}`);
    this.name = 'DandiApiError';
  }
}

/** One asset, ready to open. */
export interface IDandiAsset {
  readonly apiUrl: string;
  readonly assetId: string;
  /** null when opened by asset id alone (the API does not say which dandiset). */
  readonly dandiset: string | null;
  readonly version: string | null;
  readonly path: string;
  readonly size: number | null;
  /** `<api>/assets/<id>/download/`: redirects to the object store. */
  readonly downloadUrl: string;
  /** Shown in the tab: `000409/draft/sub-x/….nwb`. */
  readonly label: string;
}

type Json = Record<string, unknown>;

function record(value: unknown, url: string, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DandiApiError(url, 0, `expected ${what}, got ${typeof value}`);
  }
  return value as Json;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function results(page: Json, url: string): Json[] {
  if (!Array.isArray(page.results)) {
    throw new DandiApiError(url, 0, 'the answer has no "results" list');
  }
  return page.results.map(r => record(r, url, 'a result object'));
}

export function downloadUrlOf(apiUrl: string, assetId: string): string {
  return `${normalizeApiUrl(apiUrl)}/assets/${assetId}/download/`;
}

/** The version dandi-cli picks when none is given: the newest published, else the draft. */
export async function defaultVersion(
  apiUrl: string,
  dandiset: string,
  getJson: GetJson
): Promise<string> {
  const url = `${normalizeApiUrl(apiUrl)}/dandisets/${dandiset}/`;
  const info = record(await getJson(url), url, 'a dandiset');
  const published = info.most_recent_published_version;
  const version =
    published && typeof published === 'object'
      ? text((published as Json).version)
      : null;
  return version ?? 'draft';
}

/** Resolve an asset or a dandiset path to the asset to open. */
export async function resolveAsset(
  ref: Extract<DandiRef, { kind: 'asset' | 'path' }>,
  getJson: GetJson
): Promise<IDandiAsset> {
  const api = normalizeApiUrl(ref.apiUrl);
  if (ref.kind === 'asset') {
    // The asset's metadata (dandischema): path and contentSize.
    const url = `${api}/assets/${ref.assetId}/`;
    const meta = record(await getJson(url), url, 'asset metadata');
    const path = text(meta.path);
    if (!path) {
      throw new DandiApiError(url, 0, 'the asset metadata has no "path"');
    }
    return {
      apiUrl: api,
      assetId: ref.assetId,
      dandiset: null,
      version: null,
      path,
      size: count(meta.contentSize),
      downloadUrl: downloadUrlOf(api, ref.assetId),
      label: path
    };
  }
  const version =
    ref.version ?? (await defaultVersion(api, ref.dandiset, getJson));
  // `path` filters by prefix: keep the exact match only.
  const url = `${api}/dandisets/${ref.dandiset}/versions/${version}/assets/?path=${encodeURIComponent(ref.path)}&metadata=false&order=path&page_size=100`;
  const page = record(await getJson(url), url, 'a page of assets');
  const asset = results(page, url).find(a => a.path === ref.path);
  const assetId = asset ? text(asset.asset_id) : null;
  if (!asset || !assetId) {
    throw new DandiApiError(
      url,
      404,
      `dandiset ${ref.dandiset} (version ${version}) has no asset at ${ref.path}: check the path (it is case-sensitive) or browse the dandiset`
    );
  }
  return {
    apiUrl: api,
    assetId,
    dandiset: ref.dandiset,
    version,
    path: ref.path,
    size: count(asset.size),
    downloadUrl: downloadUrlOf(api, assetId),
    label: `${ref.dandiset}/${version}/${ref.path}`
  };
}

/** A dandiset as a search lists it. */
export interface IDandisetSummary {
  readonly identifier: string;
  readonly name: string;
  /** The version to browse: the newest published, else the draft. */
  readonly version: string;
  readonly assetCount: number | null;
  readonly size: number | null;
  readonly embargoed: boolean;
}

/** GET /dandisets/?search=…: the first page of matches. */
export async function searchDandisets(
  apiUrl: string,
  query: string,
  getJson: GetJson
): Promise<{ total: number | null; dandisets: IDandisetSummary[] }> {
  const params = new URLSearchParams({
    search: query.trim(),
    page_size: '50',
    ordering: '-modified',
    // Empty dandisets have nothing to open.
    empty: 'false'
  });
  const url = `${normalizeApiUrl(apiUrl)}/dandisets/?${params}`;
  const page = record(await getJson(url), url, 'a page of dandisets');
  const dandisets = results(page, url).flatMap(item => {
    const identifier = text(item.identifier);
    const published = item.most_recent_published_version;
    const chosen = (
      published && typeof published === 'object'
        ? published
        : item.draft_version && typeof item.draft_version === 'object'
          ? item.draft_version
          : {}
    ) as Json;
    if (!identifier) {
      return [];
    }
    return [
      {
        identifier,
        name: text(chosen.name) ?? '',
        version: text(chosen.version) ?? 'draft',
        assetCount: count(chosen.asset_count),
        size: count(chosen.size),
        embargoed: text(item.embargo_status)?.toUpperCase() === 'EMBARGOED'
      }
    ];
  });
  return { total: count(page.count), dandisets };
}

/** A folder or an asset in a dandiset version. */
export interface IDandiPathEntry {
  /** The last part of the path. */
  readonly name: string;
  readonly path: string;
  readonly folder: boolean;
  readonly files: number | null;
  readonly size: number | null;
  readonly assetId: string | null;
}

/** GET …/assets/paths/?path_prefix=: the children of one folder, folders first. */
export async function listFolder(
  apiUrl: string,
  dandiset: string,
  version: string,
  folder: string,
  getJson: GetJson
): Promise<{ entries: IDandiPathEntry[]; more: boolean }> {
  const prefix = folder.replace(/^\/+|\/+$/g, '');
  const params = new URLSearchParams({ path_prefix: prefix, page_size: '200' });
  const url = `${normalizeApiUrl(apiUrl)}/dandisets/${dandiset}/versions/${version}/assets/paths/?${params}`;
  const page = record(await getJson(url), url, 'a page of asset paths');
  const entries = results(page, url).flatMap(item => {
    const path = text(item.path);
    if (!path) {
      return [];
    }
    const asset =
      item.asset && typeof item.asset === 'object'
        ? (item.asset as Json)
        : null;
    return [
      {
        name: path.split('/').pop() ?? path,
        path,
        folder: asset === null,
        files: count(item.aggregate_files),
        size: count(item.aggregate_size),
        assetId: asset ? text(asset.asset_id) : null
      }
    ];
  });
  entries.sort((a, b) =>
    a.folder === b.folder ? a.path.localeCompare(b.path) : a.folder ? -1 : 1
  );
  return { entries, more: typeof page.next === 'string' && page.next !== '' };
}

/** The LINDI index URL of an asset from a template (neurosift's fast path), or null. */
export function lindiUrlOf(
  template: string,
  asset: IDandiAsset
): string | null {
  if (!template.trim() || !asset.dandiset) {
    return null;
  }
  const fields: Record<string, string> = {
    dandiset: asset.dandiset,
    asset_id: asset.assetId,
    version: asset.version ?? 'draft'
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in fields ? encodeURIComponent(fields[key]) : whole
  );
}
