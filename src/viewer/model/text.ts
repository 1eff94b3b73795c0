/**
 * Coerce HDF5 values to text. NWB writers disagree on how strings are
 * stored: vlen or fixed length, ASCII or UTF-8, scalar or 1-element array
 * (MatNWB), so every reader of a string attribute goes through here.
 */

/** The value as one string, or `undefined` when it holds no text. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.replace(/[\s\0]+$/, '');
  }
  if (Array.isArray(value)) {
    return value.length === 1 ? asText(value[0]) : undefined;
  }
  if (value instanceof Uint8Array || value instanceof Int8Array) {
    return asText(new TextDecoder().decode(value));
  }
  return undefined;
}

/** The value as a list of strings (scalar text gives a 1-element list). */
export function asTextList(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.map(asText).filter((s): s is string => s !== undefined);
  }
  const one = asText(value);
  return one === undefined ? [] : [one];
}

/** The value as one finite number, or `undefined`. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<number | bigint>;
    return array.length === 1 ? asNumber(array[0]) : undefined;
  }
  if (Array.isArray(value) && value.length === 1) {
    return asNumber(value[0]);
  }
  return undefined;
}

/** A short human-readable rendering of any attribute value. */
export function formatValue(value: unknown, maxItems = 8): string {
  const text = asText(value);
  if (text !== undefined) {
    return text;
  }
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object' && 'reference' in value) {
    return `→ ${(value as { reference: string | null }).reference ?? '(unresolved)'}`;
  }
  if (typeof value === 'object' && 'omitted' in value) {
    return `(not read: ${(value as { omitted: string }).omitted})`;
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, maxItems).map(v => formatValue(v, maxItems));
    const more = items.length > maxItems ? `, … (${items.length} items)` : '';
    return `[${shown.join(', ')}${more}]`;
  }
  return String(value);
}
