/**
 * The units a view lists: every row of the Units table, or only those the
 * tab's filter keeps (contract 13: `rowFilter.rowsOf(unitsPath)`).
 */
export function keptUnits(
  units: number,
  kept?: ReadonlySet<number> | null
): number[] {
  const all = Array.from({ length: units }, (_, u) => u);
  return kept ? all.filter(u => kept.has(u)) : all;
}

/** The units of page `page` (0-based) of `size`, and how many pages there are. */
export function unitPage(
  units: readonly number[],
  page: number,
  size: number
): { units: number[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(units.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { units: units.slice(p * size, (p + 1) * size), page: p, pages };
}
