/**
 * The units filter on a view of an electrodes table: the electrodes that hold the units
 * the tab's filter keeps (each unit's peak electrode, its first), from every filtered
 * units table that points at this electrodes table.
 */
import type { INwbFileModel } from '../model/nwbFile';
import type { RowFilter } from '../model/rowFilter';
import type { Reader } from '../spikes/unitSpikes';
import { unitsTables } from './filterBar';
import { UnitColumns } from './unitColumns';

export interface IKeptElectrodes {
  /** Electrode rows of the kept units' peak electrodes. */
  readonly rows: ReadonlySet<number>;
  /** "<expression> (<units table>)" of each filter that applies. */
  readonly filters: string[];
  /** Units kept, and of how many, over the filtered tables. */
  readonly kept: number;
  readonly total: number;
}

/** The units tables whose electrodes column points at `electrodesPath`. */
export function unitsOfElectrodes(
  read: Reader,
  model: INwbFileModel,
  electrodesPath: string
): UnitColumns[] {
  return unitsTables(model)
    .map(units => new UnitColumns(read, model, units))
    .filter(columns => columns.electrodesTable?.path === electrodesPath);
}

/** What the filters keep on the electrodes, or null when none of `units` is filtered. */
export async function keptElectrodes(
  units: readonly UnitColumns[],
  filter: RowFilter | undefined
): Promise<IKeptElectrodes | null> {
  const rows = new Set<number>();
  const filters: string[] = [];
  let kept = 0;
  let total = 0;
  for (const columns of units) {
    const rowsKept = filter?.rowsOf(columns.units.path);
    const peaks = rowsKept && (await columns.peakRows());
    if (!rowsKept || !peaks) {
      continue;
    }
    filters.push(`${rowsKept.expression} (${columns.units.path})`);
    kept += rowsKept.rows.size;
    total += columns.rows;
    for (const unit of rowsKept.rows) {
      if (peaks[unit] >= 0) {
        rows.add(peaks[unit]);
      }
    }
  }
  return filters.length ? { rows, filters, kept, total } : null;
}
