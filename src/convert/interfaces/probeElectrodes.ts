/**
 * Devices, electrode groups and electrodes without the units: what the
 * release's raw file (`desc-raw_ecephys`) holds beside the raw series.
 * The rows are the same as in the processed file, so the two files'
 * electrodes tables match row for row.
 */
import type { IDatasetNeed, IModalityInterface } from '../modality';
import type { ISessionContext } from '../session/context';
import { writeProbeElectrodes } from './electrodes';
import {
  CHANNEL_OPTIONAL,
  CHANNEL_REQUIRED,
  findProbes,
  loadProbeChannels
} from './probeData';

export const probeElectrodesInterface: IModalityInterface<ISessionContext> = {
  name: 'electrodes',
  title: 'Probes and electrodes',
  datasets(ctx): IDatasetNeed[] {
    return findProbes(ctx.data.index).flatMap(p => [
      ...CHANNEL_REQUIRED.map(name => ({ name, collection: p.collection })),
      ...CHANNEL_OPTIONAL.map(name => ({
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
    if (findProbes(ctx.data.index).length === 0) {
      return {
        available: false,
        reason:
          'the session has no alf/probe*/spikes.times.npy (nor its channels) in its dataset records'
      };
    }
    return ctx.data.index.availability(this.datasets(ctx));
  },
  async write(ctx, progress, signal) {
    const probes = [];
    for (const location of findProbes(ctx.data.index)) {
      signal.throwIfAborted();
      probes.push(await loadProbeChannels(ctx.data, location));
    }
    progress(0.5);
    const electrodes = await writeProbeElectrodes(ctx, probes);
    progress(1);
    return electrodes.checks;
  }
};
