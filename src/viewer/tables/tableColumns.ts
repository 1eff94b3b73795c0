import { asTextList } from '../model/text';
import type { INeurodataNode } from '../model/tree';

/** One column of a DynamicTable as stored: its data and its index datasets. */
export interface ITableColumn {
  readonly name: string;
  readonly path: string;
  /** `X_index`, then `X_index_index` (doubly ragged), outermost last. */
  readonly indexPaths: string[];
  readonly shape: number[] | null;
  readonly neurodataType?: string;
  readonly description?: string;
}

export interface ITableLayout {
  readonly columns: ITableColumn[];
  readonly idPath?: string;
  readonly rows: number;
}

/**
 * The columns of a DynamicTable in `colnames` order (HDF5 lists members
 * alphabetically), followed by any column dataset `colnames` forgot —
 * older writers sometimes did.
 */
export function tableLayout(table: INeurodataNode): ITableLayout {
  const datasets = new Map(
    table.children
      .filter(c => c.kind === 'dataset' || c.softLink)
      .map(c => [c.name, c])
  );
  const isIndex = (name: string) =>
    /_index$/.test(name) && datasets.has(name.replace(/_index$/, ''));
  const ordered = asTextList(table.attrs.colnames).filter(n => datasets.has(n));
  // Only real datasets count as forgotten columns: soft links are members
  // such as PlaneSegmentation's imaging_plane.
  const extra = [...datasets.values()]
    .filter(c => c.kind === 'dataset' && !c.softLink)
    .map(c => c.name)
    .filter(n => n !== 'id' && !ordered.includes(n) && !isIndex(n))
    .sort();
  const columns = [...ordered, ...extra].map(name => {
    const node = datasets.get(name) as INeurodataNode;
    const indexPaths: string[] = [];
    for (let index = `${name}_index`; datasets.has(index); index += '_index') {
      indexPaths.push((datasets.get(index) as INeurodataNode).path);
    }
    return {
      name,
      path: node.path,
      indexPaths,
      shape: node.shape ?? null,
      neurodataType: node.neurodataType,
      description: node.description
    };
  });
  const id = datasets.get('id');
  const outer = (c: ITableColumn) =>
    c.indexPaths.length
      ? datasets.get(`${c.name}${'_index'.repeat(c.indexPaths.length)}`)
          ?.shape?.[0]
      : c.shape?.[0];
  const rows =
    id?.shape?.[0] ?? (columns.length ? (outer(columns[0]) ?? 0) : 0);
  return { columns, idPath: id?.path, rows };
}
