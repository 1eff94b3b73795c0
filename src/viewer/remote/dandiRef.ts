/**
 * What the user typed into "Open NWB from URL or DANDI…", parsed without
 * any network access. The accepted forms follow dandi-cli's resource
 * identifiers (docs/source/ref/urls.rst) where they name one asset:
 *
 * - `https://api.dandiarchive.org/api/assets/<id>/download/` (and `…/assets/<id>/`,
 *   `…/dandisets/<d>/versions/<v>/assets/<id>/…`)
 * - `https://dandiarchive.org/dandiset/<d>[/<v>]/files?location=<path>` (the web UI)
 * - `DANDI:<d>[/<v>]` and `https://dandiarchive.org/dandiset/<d>[/<v>]` (a dandiset: browse it)
 * - an asset id (a UUID), resolved against the configured API
 * - `<d>/<v>/<path>` or `<d>/<path>` (e.g. `000409/draft/sub-…/….nwb`)
 * - any other `http(s)://` URL, read as is.
 */

/** A dandiset version id: `draft` or a published `0.YYMMDD.HHMM`. */
const VERSION = /^(draft|\d+\.\d{6}\.\d{4})$/;
const DANDISET = /^\d{6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DandiRef =
  | { readonly kind: 'url'; readonly url: string }
  | {
      readonly kind: 'asset';
      readonly apiUrl: string;
      readonly assetId: string;
    }
  | {
      readonly kind: 'path';
      readonly apiUrl: string;
      readonly dandiset: string;
      /** null: the most recent published version, else the draft (as dandi-cli). */
      readonly version: string | null;
      readonly path: string;
    }
  | {
      readonly kind: 'dandiset';
      readonly apiUrl: string;
      readonly dandiset: string;
      readonly version: string | null;
      /** A folder inside it (`files?location=sub-x/`), '' for the top. */
      readonly folder: string;
    };

/** Input the opener cannot use; the message says what forms work. */
export class DandiRefError extends Error {
  constructor(input: string, why: string) {
    super(
      `${JSON.stringify(input)} ${why}. Give an https:// URL, a DANDI asset URL or id, or dandiset/version/path (e.g. 000409/draft/sub-x/sub-x.nwb).`
    );
    this.name = 'DandiRefError';
  }
}

/** `https://api.dandiarchive.org/api` without a trailing slash. */
export function normalizeApiUrl(apiUrl: string): string {
  return apiUrl.trim().replace(/\/+$/, '');
}

/**
 * The API base that serves a DANDI web or API host: `…/api` on an API host,
 * `api.<host>/api` for the archive's web hosts, else the configured one.
 */
function apiFor(url: URL, configured: string): string {
  const apiIndex = url.pathname.indexOf('/api/');
  if (apiIndex >= 0) {
    return `${url.origin}${url.pathname.slice(0, apiIndex)}/api`;
  }
  if (/(^|\.)dandiarchive\.org$/.test(url.hostname)) {
    const host = url.hostname.replace(/^(www|gui)\./, '');
    return `${url.protocol}//api.${host}/api`;
  }
  return normalizeApiUrl(configured);
}

/** Parse what the user typed; `apiUrl` is the configured DANDI API base. */
export function parseDandiRef(input: string, apiUrl: string): DandiRef {
  const text = input.trim();
  const configured = normalizeApiUrl(apiUrl);
  if (!text) {
    throw new DandiRefError(input, 'is empty');
  }
  if (/^dandi:/i.test(text)) {
    const [dandiset, version] = text.slice(6).split('/');
    if (!DANDISET.test(dandiset) || (version && !VERSION.test(version))) {
      throw new DandiRefError(input, 'is not a DANDI:<6 digits>[/version] id');
    }
    return {
      kind: 'dandiset',
      apiUrl: configured,
      dandiset,
      version: version || null,
      folder: ''
    };
  }
  if (UUID.test(text)) {
    return { kind: 'asset', apiUrl: configured, assetId: text.toLowerCase() };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return parseUrl(input, text, configured);
  }
  return parsePath(input, text, configured);
}

function parseUrl(input: string, text: string, configured: string): DandiRef {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DandiRefError(input, 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DandiRefError(input, `uses ${url.protocol}, not http(s)`);
  }
  const api = apiFor(url, configured);
  // A fragment router (`/#/dandiset/…`) and the path router read the same.
  const route = url.hash.startsWith('#/')
    ? new URL(url.hash.slice(1), url.origin)
    : url;
  const parts = route.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const assetAt = parts.indexOf('assets');
  if (assetAt >= 0 && UUID.test(parts[assetAt + 1] ?? '')) {
    return {
      kind: 'asset',
      apiUrl: api,
      assetId: parts[assetAt + 1].toLowerCase()
    };
  }
  const dandisetAt = parts.findIndex(
    p => p === 'dandiset' || p === 'dandisets'
  );
  if (dandisetAt >= 0 && DANDISET.test(parts[dandisetAt + 1] ?? '')) {
    const dandiset = parts[dandisetAt + 1];
    const rest = parts.slice(dandisetAt + 2).filter(p => p !== 'versions');
    const version = VERSION.test(rest[0] ?? '') ? rest[0] : null;
    const location = route.searchParams.get('location') ?? '';
    if (location && !location.endsWith('/')) {
      // dandi-cli: `files?location=<path>` without a trailing slash is one asset.
      return {
        kind: 'path',
        apiUrl: api,
        dandiset,
        version,
        path: location.replace(/^\/+/, '')
      };
    }
    return {
      kind: 'dandiset',
      apiUrl: api,
      dandiset,
      version,
      folder: location.replace(/^\/+/, '')
    };
  }
  return { kind: 'url', url: url.href };
}

function parsePath(input: string, text: string, configured: string): DandiRef {
  const parts = text.split('/').filter(Boolean);
  if (!DANDISET.test(parts[0] ?? '')) {
    throw new DandiRefError(
      input,
      'is neither a URL nor dandiset/version/path'
    );
  }
  const hasVersion = VERSION.test(parts[1] ?? '');
  const path = parts.slice(hasVersion ? 2 : 1).join('/');
  const version = hasVersion ? parts[1] : null;
  if (!path) {
    return {
      kind: 'dandiset',
      apiUrl: configured,
      dandiset: parts[0],
      version,
      folder: ''
    };
  }
  if (path.split('/').some(p => p === '..' || p === '.')) {
    throw new DandiRefError(input, 'has . or .. in its path');
  }
  return {
    kind: 'path',
    apiUrl: configured,
    dandiset: parts[0],
    version,
    path
  };
}
