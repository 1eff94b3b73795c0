/** Spike sorting of every probe → devices, electrode groups, electrodes and `/units`. */
import { addUnits } from '../../nwb/units';
import type { IDatasetNeed, IModalityInterface } from '../modality';
import type { ISessionContext } from '../session/context';
import { writeProbeElectrodes } from './electrodes';
import {
  findProbes,
  IProbeSorting,
  loadProbe,
  OPTIONAL,
  REQUIRED
} from './probeData';
import { unitsSpec } from './unitsTable';

export const spikeSortingInterface: IModalityInterface<ISessionContext> = {
  name: 'spike_sorting',
  title: 'Spike sorting (units, electrodes, probes)',
  datasets(ctx): IDatasetNeed[] {
    return findProbes(ctx.data.index).flatMap(p => [
      ...REQUIRED.map(name => ({ name, collection: p.collection })),
      ...OPTIONAL.map(name => ({
        name,
        collection: p.collection,
        optional: true
      })),
      {
        name: '*.ap.meta',
        collection: `raw_ephys_data/${p.label}`,
        optional: true
      }
    ]);
  },
  availability(ctx) {
    const probes = findProbes(ctx.data.index);
    if (probes.length === 0) {
      return {
        available: false,
        reason:
          'the session has no alf/probe*/spikes.times.npy in its dataset records'
      };
    }
    return ctx.data.index.availability(this.datasets(ctx));
  },
  async write(ctx, progress, signal) {
    const locations = findProbes(ctx.data.index);
    const probes: IProbeSorting[] = [];
    for (const [i, location] of locations.entries()) {
      signal.throwIfAborted();
      probes.push(await loadProbe(ctx.data, location));
      progress((0.5 * (i + 1)) / locations.length);
    }
    const electrodes = await writeProbeElectrodes(ctx, probes);
    progress(0.6);
    signal.throwIfAborted();
    const { spec, checks } = unitsSpec(probes, electrodes, ctx.ledger);
    await addUnits(ctx.nwb, spec);
    progress(1);
    return [...electrodes.checks, ...checks];
  }
};
