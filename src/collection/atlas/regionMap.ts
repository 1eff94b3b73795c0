/**
 * Allen acronym → [Beryl, Cosmos] in the browser: the map made by
 * makeRegionMap.ts from the bundled iblatlas tables, loaded on first use
 * (31 kB) so JupyterLab's start-up does not pay for it.
 */
export type RegionMap = Readonly<Record<string, readonly [string, string]>>;

let loading: Promise<RegionMap> | null = null;

export function loadRegionMap(): Promise<RegionMap> {
  loading ??= import('./regionMapData').then(
    module => JSON.parse(module.REGION_MAP_JSON) as RegionMap
  );
  return loading;
}
