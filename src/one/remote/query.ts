/**
 * Query strings encoded exactly like Python ONE (`urllib.parse.urlencode`, i.e.
 * quote_plus), so that our REST-cache keys (SHA-1 of the request string) equal
 * the ones Python writes and both clients can share a `.rest/` folder.
 */

const SAFE = /[A-Za-z0-9_.\-~]/;

/** Python's `quote_plus`: UTF-8, `_.-~` and alphanumerics kept, space → `+`. */
export function quotePlus(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && SAFE.test(char)) {
      out += char;
    } else if (byte === 0x20) {
      out += '+';
    } else {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** Python's `unquote` (with `plus` → space when asked, as `parse_qs` does). */
export function unquote(text: string, plus = false): string {
  const source = plus ? text.replace(/\+/g, ' ') : text;
  // decodeURIComponent throws on stray `%`: decode valid escapes run by run.
  return source.replace(/(%[0-9A-Fa-f]{2})+/g, run => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Ordered query parameters; a key may carry several values (`doseq`). */
export type QueryParams = Map<string, string[]>;

/** `urlencode(params, doseq=True)`. */
export function encodeQuery(params: QueryParams): string {
  const parts: string[] = [];
  for (const [key, values] of params) {
    for (const value of values) {
      parts.push(`${quotePlus(key)}=${quotePlus(value)}`);
    }
  }
  return parts.join('&');
}

/** `parse_qs(query, keep_blank_values=False)`, keeping first-seen key order. */
export function parseQuery(query: string): QueryParams {
  const params: QueryParams = new Map();
  for (const pair of query.split(/[&;]/)) {
    if (!pair) {
      continue;
    }
    const eq = pair.indexOf('=');
    if (eq < 0) {
      continue;
    }
    const key = unquote(pair.slice(0, eq), true);
    const value = unquote(pair.slice(eq + 1), true);
    if (!value) {
      continue;
    }
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

/**
 * ONE's `update_url_params`: unquote the URL, merge `updates` into its query
 * (existing keys keep their position, new keys go last) and re-encode.
 */
export function updateUrlParams(
  url: string,
  updates: Record<string, string | number>
): string {
  const plain = unquote(url);
  const hashAt = plain.indexOf('#');
  const withoutFragment = hashAt < 0 ? plain : plain.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : plain.slice(hashAt);
  const q = withoutFragment.indexOf('?');
  const base = q < 0 ? withoutFragment : withoutFragment.slice(0, q);
  const params = parseQuery(q < 0 ? '' : withoutFragment.slice(q + 1));
  for (const [key, value] of Object.entries(updates)) {
    params.set(key, [String(value)]);
  }
  const query = encodeQuery(params);
  return `${base}${query ? `?${query}` : ''}${fragment}`;
}

/** A filter value as ONE sends it: lists comma-joined, everything stringified. */
export function filterValue(value: unknown): string {
  return Array.isArray(value)
    ? value.map(v => String(v)).join(',')
    : String(value);
}
