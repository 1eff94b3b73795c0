/**
 * One filter expression against one units table: parsed, its columns read
 * (once, by UnitColumns), evaluated, and the kept rows given to the tab's
 * RowFilter so every view of the tab honours them.
 */
import type { RowFilter } from '../model/rowFilter';
import { evaluateFilter } from './evaluate';
import { parseFilter } from './parse';
import { loadRegionTree } from './regionTree';
import type { UnitColumns } from './unitColumns';

export interface IFilterOutcome {
  readonly kept: number;
  readonly total: number;
}

export async function applyUnitsFilter(
  expression: string,
  columns: UnitColumns,
  rowFilter: RowFilter
): Promise<IFilterOutcome | null> {
  const path = columns.units.path;
  if (!expression.trim()) {
    rowFilter.clear(path);
    return null;
  }
  const tree = parseFilter(expression);
  const rows = await evaluateFilter(tree, columns, loadRegionTree);
  rowFilter.set(path, { expression: expression.trim(), rows });
  return { kept: rows.size, total: columns.rows };
}
