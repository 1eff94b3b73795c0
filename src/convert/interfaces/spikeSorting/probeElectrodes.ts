/**
 * Devices, electrode groups and electrodes without the units: what the
 * release's raw file (`desc-raw_ecephys`) holds beside the raw series.
 * The rows are the same as in the processed file, so the two files'
 * electrodes tables match row for row.
 */
import type { ISessionInterface } from '../../session/context';
import { writeProbeElectrodes } from './electrodes';
import {
  CHANNEL_OPTIONAL,
  CHANNEL_REQUIRED,
  findProbes,
  loadProbeChannels,
  probeAvailability,
  probeDatasetNeeds
} from './probeData';

export const probeElectrodesInterface: ISessionInterface = {
  name: 'electrodes',
  title: 'Probes and electrodes',
  kind: 'raw',
  datasets: ctx =>
    probeDatasetNeeds(ctx.data.index, CHANNEL_REQUIRED, CHANNEL_OPTIONAL),
  availability(ctx) {
    return probeAvailability(ctx.data.index, this.datasets(ctx));
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
