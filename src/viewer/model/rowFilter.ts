import { ISignal, Signal } from '@lumino/signaling';

/** The rows of one table (e.g. `/units`) that pass the user's filter. */
export interface ITableRows {
  /** The expression as the user wrote it (shown in every view that honours it). */
  readonly expression: string;
  /** Row indices (0-based) that pass. */
  readonly rows: ReadonlySet<number>;
}

/**
 * The property filter of a viewer tab: per table path (units, electrodes),
 * the rows kept. Every view of the tab that draws rows of a filtered table
 * honours it; `changed` carries the table path that changed.
 */
export class RowFilter {
  private readonly tables = new Map<string, ITableRows>();
  private readonly _changed = new Signal<this, string>(this);

  get changed(): ISignal<this, string> {
    return this._changed;
  }

  /** The kept rows of `tablePath`, or null when it is not filtered. */
  rowsOf(tablePath: string): ITableRows | null {
    return this.tables.get(tablePath) ?? null;
  }

  /** Whether row `row` of `tablePath` is kept (true when unfiltered). */
  accepts(tablePath: string, row: number): boolean {
    const kept = this.tables.get(tablePath);
    return !kept || kept.rows.has(row);
  }

  set(tablePath: string, rows: ITableRows): void {
    this.tables.set(tablePath, rows);
    this._changed.emit(tablePath);
  }

  clear(tablePath: string): void {
    if (this.tables.delete(tablePath)) {
      this._changed.emit(tablePath);
    }
  }
}
