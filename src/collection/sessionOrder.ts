/**
 * The order of the sessions table: by one column, ascending or descending, as a user
 * sorts a table by clicking its header. Ties keep the file order (by path), so the
 * order never depends on which file was read first.
 */
import type { RegionLevel } from './regionLevels';
import { UNKNOWN_REGION, type ISessionSummary } from './sessionSummary';

export type SessionColumn =
  'subject' | 'date' | 'lab' | 'probes' | 'units' | 'trials' | 'regions';

export interface ISessionOrder {
  readonly column: SessionColumn;
  readonly descending: boolean;
}

/** Distinct known regions of a session at `level`, most units first. */
export function sessionRegions(
  summary: ISessionSummary,
  level: RegionLevel
): string[] {
  const counts = new Map<string, number>();
  for (const r of summary.unitRegions[level]) {
    if (r !== UNKNOWN_REGION) {
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([r]) => r);
}

/** Counts sort largest first on their first click, names A to Z. */
const NUMERIC: ReadonlySet<SessionColumn> = new Set([
  'probes',
  'units',
  'trials',
  'regions'
]);

/** The order after a click on `column`'s header: that column, or the other way round. */
export function clickedOrder(
  current: ISessionOrder | null,
  column: SessionColumn
): ISessionOrder {
  return current?.column === column
    ? { column, descending: !current.descending }
    : { column, descending: NUMERIC.has(column) };
}

function keyOf(
  s: ISessionSummary,
  column: SessionColumn,
  level: RegionLevel
): string | number {
  switch (column) {
    case 'subject':
      return s.subject;
    case 'date':
      return s.start;
    case 'lab':
      return s.lab;
    case 'probes':
      return s.probes.length;
    case 'units':
      return s.units;
    case 'trials':
      return s.trials;
    case 'regions':
      return sessionRegions(s, level).length;
  }
}

/** `summaries` in `order` (a new array); unsorted (file order) without one. */
export function orderSessions(
  summaries: readonly ISessionSummary[],
  order: ISessionOrder | null,
  level: RegionLevel
): ISessionSummary[] {
  const byPath = (a: ISessionSummary, b: ISessionSummary) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  if (!order) {
    return [...summaries];
  }
  const sign = order.descending ? -1 : 1;
  const keyed = summaries.map(s => ({ s, key: keyOf(s, order.column, level) }));
  keyed.sort((a, b) => {
    const c =
      typeof a.key === 'number' && typeof b.key === 'number'
        ? a.key - b.key
        : String(a.key).localeCompare(String(b.key), undefined, {
            numeric: true,
            sensitivity: 'base'
          });
    return sign * c || byPath(a.s, b.s);
  });
  return keyed.map(k => k.s);
}
