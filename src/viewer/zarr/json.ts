/**
 * Zarr v2 metadata is written by Python's `json`, which emits the bare
 * tokens `NaN`, `Infinity` and `-Infinity` (not JSON) for non-finite floats
 * in attributes. Read them as numbers instead of failing on the whole file.
 */
export function parseMetadataJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Fall through: quote the non-JSON tokens outside strings, then revive them.
  }
  const quoted = text.replace(
    /("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g,
    (match, str: string | undefined, token: string | undefined) =>
      str ?? `{"__nonFinite__":"${token}"}`
  );
  try {
    return JSON.parse(quoted, (_, value) =>
      value && typeof value === 'object' && '__nonFinite__' in value
        ? Number((value as { __nonFinite__: string }).__nonFinite__)
        : value
    );
  } catch (error) {
    throw new Error(`${where} is not valid JSON (${String(error)}).`);
  }
}

/** Parse JSON bytes (UTF-8) as Zarr metadata. */
export function parseMetadataBytes(bytes: Uint8Array, where: string): unknown {
  return parseMetadataJson(new TextDecoder().decode(bytes), where);
}
