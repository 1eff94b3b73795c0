/**
 * One unit's spikes against the trials' conditions: the raster grid's cells
 * and a tuning curve, from a sorted train and the trials table. The views
 * and the oracle bridge both call these, so what is tested is what is drawn.
 */
import { alignSpikes } from './align';
import { cellSpikeCounts, trialGrid, type ITrialGrid } from './trialGrid';
import type { ITrialsData } from './trialsData';
import { tuningCurve, type ITuningCurve } from './tuning';

/** Align to `align`, keep `pre <= t - event < post`. */
export interface IWindowSettings {
  readonly align: string;
  readonly pre: number;
  readonly post: number;
}

export interface IUnitGrid {
  readonly grid: ITrialGrid;
  /** Aligned spikes of every trial of the table (empty for a NaN event). */
  readonly aligned: Float64Array[];
  /** Spikes in each cell's windows, as `grid.cells`. */
  readonly cellSpikes: number[];
}

function events(trials: ITrialsData, align: string): Float64Array {
  const times = trials.times.get(align);
  if (!times) {
    throw new Error(`${trials.path} has no numeric column ${align}`);
  }
  return times;
}

/**
 * The raster grid of a unit: trials with a finite event, placed by their
 * `rows` and `columns` values ('' for none).
 */
export function unitGrid(
  spikes: Float64Array,
  trials: ITrialsData,
  settings: IWindowSettings & { rows: string; columns: string }
): IUnitGrid {
  const times = events(trials, settings.align);
  const aligned = alignSpikes(spikes, times, settings.pre, settings.post);
  const grid = trialGrid(
    trials.rows,
    t => Number.isFinite(times[t]),
    trials.groups.get(settings.rows),
    trials.groups.get(settings.columns)
  );
  return { grid, aligned, cellSpikes: cellSpikeCounts(grid, aligned) };
}

/** The tuning curve of a unit against `column`, over trials with a finite event. */
export function unitTuning(
  spikes: Float64Array,
  trials: ITrialsData,
  settings: IWindowSettings & { column: string }
): ITuningCurve {
  const times = events(trials, settings.align);
  const values = trials.groups.get(settings.column);
  if (!values) {
    throw new Error(
      `${trials.path} has no column ${settings.column} to tune against`
    );
  }
  const counts = alignSpikes(spikes, times, settings.pre, settings.post).map(
    a => a.length
  );
  return tuningCurve(
    counts,
    values,
    t => Number.isFinite(times[t]),
    settings.post - settings.pre
  );
}
