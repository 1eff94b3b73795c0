/**
 * Units pooled by region across the sessions of a collection: how many
 * units, from how many sessions, and their firing rates.
 */
import type { RegionLevel } from './regionLevels';
import type { ISessionSummary } from './sessionSummary';

export interface IRegionRow {
  readonly region: string;
  readonly units: number;
  readonly sessions: number;
  /** Firing rates (Hz) of the units whose file gives one. */
  readonly rates: number[];
}

/** One row per region at `level`, most units first (ties by name). */
export function regionRows(
  summaries: readonly ISessionSummary[],
  level: RegionLevel
): IRegionRow[] {
  const rows = new Map<
    string,
    { units: number; sessions: Set<string>; rates: number[] }
  >();
  for (const summary of summaries) {
    summary.unitRegions[level].forEach((region, u) => {
      const row = rows.get(region) ?? {
        units: 0,
        sessions: new Set<string>(),
        rates: []
      };
      row.units++;
      row.sessions.add(summary.path);
      const rate = summary.firingRates?.[u];
      if (rate !== undefined && Number.isFinite(rate)) {
        row.rates.push(rate);
      }
      rows.set(region, row);
    });
  }
  return [...rows.entries()]
    .map(([region, row]) => ({
      region,
      units: row.units,
      sessions: row.sessions.size,
      rates: row.rates
    }))
    .sort((a, b) => b.units - a.units || a.region.localeCompare(b.region));
}
