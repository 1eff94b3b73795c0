/**
 * UUIDs in cache tables: current tables store canonical strings; legacy
 * tables (ONE < 2) store each UUID as two int64 columns (`id_0`, `id_1`)
 * whose little-endian bytes, in order, are the 16 UUID bytes.
 */

/** Convert a legacy (int64, int64) pair to a UUID string; the all-zero pair is null. */
export function uuidFromInt64Pair(lo: bigint, hi: bigint): string | null {
  if (lo === 0n && hi === 0n) {
    return null;
  }
  const view = new DataView(new ArrayBuffer(16));
  view.setBigInt64(0, lo, true);
  view.setBigInt64(8, hi, true);
  const hex = Array.from(new Uint8Array(view.buffer), b =>
    b.toString(16).padStart(2, '0')
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The inverse, for writing legacy-format tables in tests. */
export function int64PairFromUuid(uuid: string): [bigint, bigint] {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  const view = new DataView(bytes.buffer);
  return [view.getBigInt64(0, true), view.getBigInt64(8, true)];
}
