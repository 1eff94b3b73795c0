/**
 * Allen brain regions for atlas ids, with the coarser Beryl and Cosmos
 * parcellations IBL uses: a region maps to the nearest ancestor (itself
 * included) that belongs to the parcellation, as iblatlas' mappings do.
 * Reads iblatlas' `allen_structure_tree.csv`, `beryl.npy` and `cosmos.npy`.
 */
import { join } from 'node:path';

import { readFileBytes, readNpy } from '../../one/node/files';
import { readTable } from '../../one/tables';
import { getColumn } from '../../one/tables';

export interface IRegionNames {
  acronym: string;
  name: string;
  beryl: string;
  cosmos: string;
}

export interface IAtlas {
  /** Negative ids are the left hemisphere in IBL's lateralised ids. */
  region(id: number): IRegionNames;
}

const VOID: IRegionNames = {
  acronym: 'void',
  name: 'void',
  beryl: 'void',
  cosmos: 'void'
};

interface IStructure {
  acronym: string;
  name: string;
  path: number[];
}

export function buildAtlas(
  structures: Map<number, IStructure>,
  beryl: Set<number>,
  cosmos: Set<number>
): IAtlas {
  const ancestorIn = (s: IStructure, set: Set<number>): string => {
    for (let i = s.path.length - 1; i >= 0; i--) {
      if (set.has(s.path[i])) {
        return structures.get(s.path[i])?.acronym ?? 'root';
      }
    }
    return 'root';
  };
  return {
    region(id: number): IRegionNames {
      const s = structures.get(Math.abs(id));
      if (!s || id === 0) {
        return VOID;
      }
      return {
        acronym: s.acronym,
        name: s.name,
        beryl: ancestorIn(s, beryl),
        cosmos: ancestorIn(s, cosmos)
      };
    }
  };
}

/** Load the atlas tables from an iblatlas data folder. */
export async function loadAtlas(dir: string): Promise<IAtlas> {
  const csv = join(dir, 'allen_structure_tree.csv');
  const table = await readTable(csv, await readFileBytes(csv));
  const column = (name: string): unknown[] => {
    const c = getColumn(table, name);
    if (!c) {
      throw new Error(
        `${csv}: no "${name}" column. Use iblatlas' allen_structure_tree.csv.`
      );
    }
    return Array.from(c.values as ArrayLike<unknown>);
  };
  const ids = column('id');
  const acronyms = column('acronym');
  const names = column('name');
  const paths = column('structure_id_path');
  const structures = new Map<number, IStructure>();
  ids.forEach((id, i) => {
    structures.set(Number(id), {
      acronym: String(acronyms[i]),
      name: String(names[i]),
      path: String(paths[i] ?? '')
        .split('/')
        .filter(Boolean)
        .map(Number)
    });
  });
  const idSet = async (file: string) =>
    new Set(
      Array.from(
        (await readNpy(join(dir, file))).data as ArrayLike<number | bigint>,
        Number
      )
    );
  return buildAtlas(
    structures,
    await idSet('beryl.npy'),
    await idSet('cosmos.npy')
  );
}
