import type { INwbFileModel } from '../model/nwbFile';
import { asNumber, formatValue } from '../model/text';
import { findNode, type INeurodataNode } from '../model/tree';
import { tableLayout, type ITableColumn } from '../tables/tableColumns';
import { rowsOf } from '../tables/tablePage';
import type { Reader } from './unitSpikes';

/** One value per unit, from a Units column or from the unit's electrode. */
export interface IUnitProperty {
  /** `quality`, or `electrodes.location` for an electrode column. */
  readonly name: string;
  readonly values: readonly (number | string)[];
  /** Whether every value is a number (sorted numerically). */
  readonly numeric: boolean;
}

/** Columns that are spike data, not properties. */
const SKIPPED = new Set(['spike_times', 'obs_intervals', 'electrodes']);

/** A column with one plain value per row (what can sort, group and filter units). */
export const plain = (c: ITableColumn) =>
  c.indexPaths.length === 0 &&
  (c.shape?.length ?? 0) === 1 &&
  !c.neurodataType?.includes('Region') &&
  !SKIPPED.has(c.name);

export const DEFAULT_ELECTRODES = '/general/extracellular_ephys/electrodes';

/**
 * The per-unit properties usable to sort and group units: the Units
 * table's own 1-D columns, then the columns of each unit's (first)
 * electrode, e.g. `electrodes.location` (brain region).
 */
export async function readUnitProperties(
  read: Reader,
  model: INwbFileModel,
  units: INeurodataNode
): Promise<IUnitProperty[]> {
  const layout = tableLayout(units);
  const properties: IUnitProperty[] = [];
  for (const column of layout.columns.filter(plain)) {
    properties.push(
      toProperty(column.name, await readRows(read, column, layout.rows))
    );
  }
  const region = layout.columns.find(c => c.name === 'electrodes');
  const rows = region ? await electrodeRows(read, region, layout.rows) : null;
  const target = region
    ? findNode(model.tree, tableRef(units, region) ?? DEFAULT_ELECTRODES)
    : undefined;
  if (rows && target) {
    const electrodes = tableLayout(target);
    for (const column of electrodes.columns.filter(plain)) {
      const all = await readRows(read, column, electrodes.rows);
      properties.push(
        toProperty(
          `electrodes.${column.name}`,
          rows.map(r => (r >= 0 && r < all.length ? all[r] : ''))
        )
      );
    }
  }
  return properties;
}

async function readRows(
  read: Reader,
  column: ITableColumn,
  rows: number
): Promise<unknown[]> {
  return rowsOf(await read(column.path, [[0, rows]]), rows);
}

export function toProperty(name: string, raw: unknown[]): IUnitProperty {
  const numbers = raw.map(v =>
    typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined
  );
  const numeric = numbers.every(v => v !== undefined);
  return {
    name,
    values: numeric ? (numbers as number[]) : raw.map(v => formatValue(v)),
    numeric
  };
}

/** The electrodes-table row of each unit (its first electrode); -1 if none. */
export async function electrodeRows(
  read: Reader,
  region: ITableColumn,
  units: number
): Promise<number[] | null> {
  if (region.indexPaths.length === 0) {
    return rowsOf(await read(region.path, [[0, units]]), units).map(
      v => asNumber(v) ?? -1
    );
  }
  if (region.indexPaths.length > 1) {
    return null;
  }
  const ends = rowsOf(
    await read(region.indexPaths[0], [[0, units]]),
    units
  ).map(v => asNumber(v));
  if (ends.some(v => v === undefined)) {
    return null;
  }
  const total = (ends[ends.length - 1] as number) ?? 0;
  const flat = rowsOf(await read(region.path, [[0, total]]), total);
  return ends.map((end, u) => {
    const start = u === 0 ? 0 : (ends[u - 1] as number);
    return (end as number) > start ? (asNumber(flat[start]) ?? -1) : -1;
  });
}

/** Path of the table a DynamicTableRegion column points at (its `table` reference). */
export function tableRef(
  units: INeurodataNode,
  region: ITableColumn
): string | undefined {
  const node = units.children.find(c => c.name === region.name);
  const ref = node?.attrs.table as { reference?: string | null } | undefined;
  return ref?.reference ?? undefined;
}

/** Unit order: by a property (numeric or text), ties by unit number. */
export function unitOrder(
  count: number,
  sortBy?: IUnitProperty,
  groupBy?: IUnitProperty
): number[] {
  const order = Array.from({ length: count }, (_, u) => u);
  const compare = (p: IUnitProperty, a: number, b: number) => {
    const x = p.values[a];
    const y = p.values[b];
    if (p.numeric) {
      const nx = Number.isNaN(x) ? Infinity : (x as number);
      const ny = Number.isNaN(y) ? Infinity : (y as number);
      return nx - ny;
    }
    return String(x).localeCompare(String(y));
  };
  return order.sort(
    (a, b) =>
      (groupBy ? compare(groupBy, a, b) : 0) ||
      (sortBy ? compare(sortBy, a, b) : 0) ||
      a - b
  );
}
