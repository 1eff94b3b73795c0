/**
 * The columns a units filter may name, each read from the file the first
 * time a filter names it, then kept:
 * - every flat column of the Units table (`firing_rate`, `label`, …);
 * - `electrodes.<column>`: the column of the unit's peak electrode (its
 *   first electrode: IBL's converter and neuroconv list the peak channel
 *   first), so filtering on electrodes keeps the units whose peak
 *   electrode passes;
 * - `region`: the unit's brain region, from the finest column the file has
 *   (see REGION_SOURCES), matched at any level of the Allen tree.
 */
import type { INwbFileModel } from '../model/nwbFile';
import { findNode, type INeurodataNode } from '../model/tree';
import {
  DEFAULT_ELECTRODES,
  electrodeRows,
  plain,
  tableRef,
  toProperty
} from '../spikes/unitProperties';
import type { Reader } from '../spikes/unitSpikes';
import { tableLayout, type ITableColumn } from '../tables/tableColumns';
import { rowsOf } from '../tables/tablePage';
import type { IColumnSource, IFilterColumn } from './evaluate';

/** The pseudo-column of the unit's brain region. */
export const REGION_COLUMN = 'region';
/** Where `region` comes from, finest first (IBL: Allen acronyms; NWB: electrodes.location). */
export const REGION_SOURCES = [
  'allen_location',
  'electrodes.allen_location',
  'electrodes.location',
  'brain_region',
  'location',
  'beryl_location',
  'electrodes.beryl_location'
];

export class UnitColumns implements IColumnSource {
  readonly rows: number;
  private readonly own = new Map<string, ITableColumn>();
  private readonly joined = new Map<string, ITableColumn>();
  private readonly cache = new Map<string, Promise<IFilterColumn>>();
  private peaks: Promise<number[] | null> | null = null;
  private readonly region: ITableColumn | undefined;
  private readonly electrodesColumn: ITableColumn | undefined;
  /** The electrodes table the units point at, if any. */
  readonly electrodesTable: INeurodataNode | undefined;
  /** The column `region` reads, if the file has one. */
  readonly regionSource: string | undefined;

  constructor(
    private readonly read: Reader,
    model: INwbFileModel,
    readonly units: INeurodataNode
  ) {
    const layout = tableLayout(units);
    this.rows = layout.rows;
    for (const column of layout.columns.filter(plain)) {
      this.own.set(column.name, column);
    }
    this.electrodesColumn = layout.columns.find(c => c.name === 'electrodes');
    const target = this.electrodesColumn
      ? findNode(
          model.tree,
          tableRef(units, this.electrodesColumn) ?? DEFAULT_ELECTRODES
        )
      : undefined;
    if (target) {
      for (const column of tableLayout(target).columns.filter(plain)) {
        this.joined.set(`electrodes.${column.name}`, column);
      }
      this.electrodesTable = target;
    }
    this.regionSource = REGION_SOURCES.find(
      name => this.own.has(name) || this.joined.has(name)
    );
    this.region = this.regionSource
      ? (this.own.get(this.regionSource) ?? this.joined.get(this.regionSource))
      : undefined;
  }

  /** Whether each unit's electrodes are a ragged list (an `electrodes_index`). */
  get raggedElectrodes(): boolean {
    return (this.electrodesColumn?.indexPaths.length ?? 0) > 0;
  }

  /** Where a named column lives: the units table, or the peak electrode's row. */
  whereIs(
    name: string
  ): { table: 'units' | 'electrodes'; column: string } | undefined {
    const source = name === REGION_COLUMN ? this.regionSource : name;
    if (source && this.own.has(source)) {
      return { table: 'units', column: source };
    }
    if (source && this.joined.has(source)) {
      return {
        table: 'electrodes',
        column: source.slice('electrodes.'.length)
      };
    }
    return undefined;
  }

  names(): readonly string[] {
    return [
      ...(this.region ? [REGION_COLUMN] : []),
      ...this.own.keys(),
      ...this.joined.keys()
    ];
  }

  column(name: string): Promise<IFilterColumn | undefined> {
    const source = name === REGION_COLUMN ? this.regionSource : name;
    if (!source || !(this.own.has(source) || this.joined.has(source))) {
      return Promise.resolve(undefined);
    }
    let found = this.cache.get(source);
    if (!found) {
      found = this.load(source);
      this.cache.set(source, found);
      // A failed read is retried next time, not remembered.
      found.catch(() => this.cache.delete(source));
    }
    return name === REGION_COLUMN
      ? found.then(c => ({ ...c, regions: true }))
      : found;
  }

  /**
   * A column's values as stored: float32 kept exact (the tables round them
   * to 7 digits for display), so `amp > 0.2` keeps what numpy and pandas keep.
   */
  private async exact(column: ITableColumn, rows: number): Promise<unknown[]> {
    const raw = await this.read(column.path, [[0, rows]]);
    return raw instanceof Float32Array ? Array.from(raw) : rowsOf(raw, rows);
  }

  /**
   * Each unit's peak electrode (its first), as a row of `electrodesTable`; -1 for a unit
   * without one; null when the units have no electrodes column or index it twice.
   */
  peakRows(): Promise<number[] | null> {
    if (!this.electrodesColumn) {
      return Promise.resolve(null);
    }
    this.peaks ??= electrodeRows(this.read, this.electrodesColumn, this.rows);
    return this.peaks;
  }

  private async load(name: string): Promise<IFilterColumn> {
    const own = this.own.get(name);
    if (own) {
      return toProperty(name, await this.exact(own, this.rows));
    }
    const column = this.joined.get(name) as ITableColumn;
    const peaks = await this.peakRows();
    if (!peaks) {
      throw new Error(
        `${this.units.path}/electrodes is indexed twice: its units have no single peak electrode`
      );
    }
    const total = tableLayout(this.electrodesTable as INeurodataNode).rows;
    const all = await this.exact(column, total);
    // A unit without an electrode: NaN among numbers, "" among text.
    const missing = typeof all[0] === 'string' ? '' : NaN;
    return toProperty(
      name,
      peaks.map(r => (r >= 0 && r < all.length ? all[r] : missing))
    );
  }
}
