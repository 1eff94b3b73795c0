/**
 * The three region levels IBL analyses pool by: Allen (finest, the CCF
 * acronym), Beryl (~300 regions) and Cosmos (10 coarse divisions), and
 * where NWB files keep each of them.
 */
export type RegionLevel = 'allen' | 'beryl' | 'cosmos';

export interface IRegionLevel {
  readonly name: RegionLevel;
  readonly title: string;
  /** The units-table column (IBL's converters and DANDI 000409). */
  readonly unitsColumn: string;
  /** Electrodes-table columns, in order of preference. */
  readonly electrodesColumns: readonly string[];
}

export const REGION_LEVELS: readonly IRegionLevel[] = [
  {
    name: 'allen',
    title: 'Allen',
    unitsColumn: 'allen_location',
    electrodesColumns: ['allen_location', 'location']
  },
  {
    name: 'beryl',
    title: 'Beryl',
    unitsColumn: 'beryl_location',
    electrodesColumns: ['beryl_location']
  },
  {
    name: 'cosmos',
    title: 'Cosmos',
    unitsColumn: 'cosmos_location',
    electrodesColumns: ['cosmos_location']
  }
];
