/**
 * The PSTH of one session's units in a region: per unit, the firing rate
 * around each trial's event averaged over the trials of each group — the
 * viewer's own alignment and binning (spikes/align.ts, psth.ts), run on the
 * units the index placed in the region.
 */
import type { IH5Source } from '../viewer/model/source';
import { formatValue } from '../viewer/model/text';
import { alignSpikes } from '../viewer/spikes/align';
import { groupPsth } from '../viewer/spikes/psth';
import { groupTrials } from '../viewer/spikes/trialGroups';
import { SpikeTrains } from '../viewer/spikes/unitSpikes';
import { rowsOf } from '../viewer/tables/tablePage';
import type { RegionLevel } from './regionLevels';
import type { ISessionSummary } from './sessionSummary';

const TRIALS = '/intervals/trials';

/** What to pool: a region at a level, an event to align to, a column to group by. */
export interface IPsthRequest {
  readonly level: RegionLevel;
  readonly region: string;
  /** A `*_time` column of the trials table, e.g. `gabor_stimulus_onset_time`. */
  readonly align: string;
  /** A trials column; without it every trial is in one group. */
  readonly groupBy?: string;
  readonly pre: number;
  readonly post: number;
  readonly bin: number;
}

/** One unit's rate per group (Hz per bin), averaged over the group's trials. */
export interface IUnitPsth {
  readonly path: string;
  /** Row of the unit in the file's units table. */
  readonly unit: number;
  /** Group label → mean rate per bin and the number of trials averaged. */
  readonly groups: Map<string, { mean: Float64Array; trials: number }>;
}

/** Units of a session in the requested region (rows of its units table). */
export function unitsInRegion(
  summary: ISessionSummary,
  level: RegionLevel,
  region: string
): number[] {
  const regions = summary.unitRegions[level];
  const units: number[] = [];
  regions.forEach((r, u) => r === region && units.push(u));
  return units;
}

/**
 * The per-unit PSTHs of one open session. Throws an error naming the file
 * and column when the session lacks what the request needs.
 */
export async function sessionRegionPsth(
  source: IH5Source,
  summary: ISessionSummary,
  request: IPsthRequest,
  edges: Float64Array
): Promise<IUnitPsth[]> {
  const units = unitsInRegion(summary, request.level, request.region);
  if (units.length === 0) {
    return [];
  }
  const need = (column: string, list: string[]) => {
    if (!list.includes(column)) {
      throw new Error(
        `${summary.path}: ${TRIALS} has no ${column} column; choose a column every session has.`
      );
    }
  };
  need(request.align, summary.trialEvents);
  if (request.groupBy) {
    need(request.groupBy, summary.trialColumns);
  }
  const rows = summary.trials;
  const events = Float64Array.from(
    rowsOf(await source.read(`${TRIALS}/${request.align}`), rows) as number[]
  );
  const labels = request.groupBy
    ? rowsOf(await source.read(`${TRIALS}/${request.groupBy}`), rows).map(v =>
        formatValue(v)
      )
    : undefined;
  const groups = groupTrials(rows, t => Number.isFinite(events[t]), labels);
  const index = await source.info('/units/spike_times_index');
  const trains = new SpikeTrains((path, slice) => source.read(path, slice), {
    spikeTimesPath: '/units/spike_times',
    indexPath: '/units/spike_times_index',
    units: index.shape?.[0] ?? 0
  });
  const result: IUnitPsth[] = [];
  for (const unit of units) {
    const aligned = alignSpikes(
      await trains.unit(unit),
      events,
      request.pre,
      request.post
    );
    const psths = groupPsth(aligned, groups, edges);
    result.push({
      path: summary.path,
      unit,
      groups: new Map(
        psths.map(p => [p.label, { mean: p.mean, trials: p.n }] as const)
      )
    });
  }
  return result;
}
