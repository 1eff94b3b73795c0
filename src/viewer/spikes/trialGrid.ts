/**
 * The trials of a raster grid (nwbwidgets' RasterGridWidget): one cell per
 * pair of values of two trials columns, rows × columns, each cell holding
 * the trials with that pair. Pure: no I/O, no DOM.
 */
import { compareLabels } from './trialGroups';

/** One cell of the grid: the trials whose row and column values match. */
export interface IGridCell {
  readonly row: number;
  readonly column: number;
  /** Row numbers of the trials in the cell, ascending. */
  readonly trials: number[];
}

export interface ITrialGrid {
  /** Values of the rows column in display order (`['all trials']` without one). */
  readonly rowLabels: string[];
  readonly columnLabels: string[];
  /** Row-major: `cells[r * columnLabels.length + c]`. */
  readonly cells: IGridCell[];
}

const ALL = 'all trials';

/**
 * Place each trial that passes `keep` in the cell of its row and column
 * values. A missing column makes one row (or column) holding every trial.
 * Labels are ordered as the PSTH orders groups (numbers numerically, NaN
 * last); every pair of labels has a cell, empty or not.
 */
export function trialGrid(
  count: number,
  keep: (trial: number) => boolean,
  rowValues?: readonly string[],
  columnValues?: readonly string[]
): ITrialGrid {
  const rowOf = (t: number) => (rowValues ? rowValues[t] : ALL);
  const columnOf = (t: number) => (columnValues ? columnValues[t] : ALL);
  const kept: number[] = [];
  for (let t = 0; t < count; t++) {
    if (keep(t)) {
      kept.push(t);
    }
  }
  const rowLabels = [...new Set(kept.map(rowOf))].sort(compareLabels);
  const columnLabels = [...new Set(kept.map(columnOf))].sort(compareLabels);
  const rowIndex = new Map(rowLabels.map((l, i) => [l, i]));
  const columnIndex = new Map(columnLabels.map((l, i) => [l, i]));
  const cells: IGridCell[] = [];
  for (let r = 0; r < rowLabels.length; r++) {
    for (let c = 0; c < columnLabels.length; c++) {
      cells.push({ row: r, column: c, trials: [] });
    }
  }
  for (const t of kept) {
    const r = rowIndex.get(rowOf(t)) as number;
    const c = columnIndex.get(columnOf(t)) as number;
    cells[r * columnLabels.length + c].trials.push(t);
  }
  return { rowLabels, columnLabels, cells };
}

/** Spikes in each cell's window: the sum over its trials of the aligned spikes. */
export function cellSpikeCounts(
  grid: ITrialGrid,
  aligned: readonly ArrayLike<number>[]
): number[] {
  return grid.cells.map(cell =>
    cell.trials.reduce((n, t) => n + aligned[t].length, 0)
  );
}
