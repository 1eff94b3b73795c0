/**
 * Allen acronym → its parent's acronym, from iblatlas'
 * `allen_structure_tree.csv` (Node only: reads the file). The browser gets
 * the result through regionTreeData.ts (see makeRegionTree.ts).
 */
import { join } from 'node:path';

import { readFileBytes } from '../../../one/node/files';
import { getColumn, readTable } from '../../../one/tables';

/** `[acronym, parent acronym or '']`, in the table's order. */
export type RegionParents = [string, string][];

export async function regionParentsFromAtlas(
  dir: string
): Promise<RegionParents> {
  const csv = join(dir, 'allen_structure_tree.csv');
  const table = await readTable(csv, await readFileBytes(csv));
  const column = (name: string): unknown[] => {
    const c = getColumn(table, name);
    if (!c) {
      throw new Error(`${csv}: no "${name}" column`);
    }
    return Array.from(c.values as ArrayLike<unknown>);
  };
  const ids = column('id').map(Number);
  const acronyms = column('acronym').map(String);
  const parents = column('parent_structure_id');
  const byId = new Map(ids.map((id, i) => [id, acronyms[i]]));
  const seen = new Set<string>();
  const out: RegionParents = [];
  ids.forEach((_, i) => {
    // Acronyms are unique in the Allen tree; the first row keeps one if not.
    if (seen.has(acronyms[i])) {
      return;
    }
    seen.add(acronyms[i]);
    const parent = parents[i];
    const known =
      parent === null || parent === undefined || parent === ''
        ? undefined
        : byId.get(Number(parent));
    out.push([acronyms[i], known ?? '']);
  });
  return out;
}
