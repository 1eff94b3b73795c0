/** Allen acronym → [Beryl, Cosmos] from iblatlas tables (Node only: reads files). */
import { readFileBytes } from '../../one/node/files';
import { loadAtlas } from '../../convert/session/atlas';
import { readTable, getColumn } from '../../one/tables';
import { join } from 'node:path';

export type RegionMap = Record<string, [string, string]>;

export async function regionMapFromAtlas(dir: string): Promise<RegionMap> {
  const atlas = await loadAtlas(dir);
  const csv = join(dir, 'allen_structure_tree.csv');
  const table = await readTable(csv, await readFileBytes(csv));
  const ids = Array.from(getColumn(table, 'id')?.values as ArrayLike<unknown>);
  const map: RegionMap = {};
  for (const id of ids) {
    const region = atlas.region(Number(id));
    // Acronyms are unique in the Allen tree; the first id keeps it if not.
    map[region.acronym] ??= [region.beryl, region.cosmos];
  }
  return map;
}
