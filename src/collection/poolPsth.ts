/**
 * Pooling across sessions: each unit counts once (its trial-averaged rate),
 * and a group's curve is the mean ± SEM over the units that had trials in
 * that group — the usual population PSTH of IBL's Brain-Wide Map figures.
 */
import { meanSem, type IMeanSem } from '../viewer/spikes/psth';
import { compareLabels } from '../viewer/spikes/trialGroups';
import type { IUnitPsth } from './regionPsth';

/** A group's pooled curve; `n` counts units, `sessions` the files they came from. */
export interface IPooledGroup extends IMeanSem {
  readonly label: string;
  readonly sessions: number;
}

export function poolUnitPsths(
  units: readonly IUnitPsth[],
  bins: number
): IPooledGroup[] {
  const labels = new Set<string>();
  for (const unit of units) {
    unit.groups.forEach((_, label) => labels.add(label));
  }
  return [...labels].sort(compareLabels).map(label => {
    const rows: Float64Array[] = [];
    const files = new Set<string>();
    for (const unit of units) {
      const group = unit.groups.get(label);
      // A unit without trials in the group has no rate for it.
      if (group && group.trials > 0) {
        rows.push(group.mean);
        files.add(unit.path);
      }
    }
    return { label, sessions: files.size, ...meanSem(rows, bins) };
  });
}
