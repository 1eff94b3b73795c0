/** Spike sorting of every probe → devices, electrode groups, electrodes and `/units`. */
import { SPIKE_COLUMN_CHUNK_BYTES } from '../../../nwb/chunks';
import { compressAhead } from '../../../nwb/fast/compressAhead';
import { addUnits } from '../../../nwb/units';
import { InterfaceSkipped, noRowsReason } from '../../modality';
import { addNote, type ISessionInterface } from '../../session/context';
import { writeProbeElectrodes } from './electrodes';
import {
  findProbes,
  IProbeSorting,
  loadProbe,
  OPTIONAL,
  probeAvailability,
  probeDatasetNeeds,
  REQUIRED
} from './probeData';
import { unitsSpec } from './unitsTable';

export const spikeSortingInterface: ISessionInterface = {
  name: 'spike_sorting',
  title: 'Spike sorting (units, electrodes, probes)',
  kind: 'processed',
  datasets: ctx => probeDatasetNeeds(ctx.data.index, REQUIRED, OPTIONAL),
  availability(ctx) {
    return probeAvailability(ctx.data.index, this.datasets(ctx));
  },
  async write(ctx, progress, signal) {
    const locations = findProbes(ctx.data.index);
    const probes: IProbeSorting[] = [];
    for (const [i, location] of locations.entries()) {
      signal.throwIfAborted();
      probes.push(
        await loadProbe(
          ctx.data,
          location,
          {
            sortSpikes: ctx.sortSpikes,
            onSorted: message => addNote(ctx, 'spike_sorting', message)
          },
          // The first probe's spike times, amplitudes and depths head the /units columns
          // (unitsTable.ts writes probes in this order), which wait for every probe to
          // load: the idle deflate workers compress their chunks meanwhile, in the chunks
          // those columns are written with (spikeColumnChunks), or nothing would be reused.
          i === 0
            ? values =>
                compressAhead(ctx.nwb.ctx, values, SPIKE_COLUMN_CHUNK_BYTES)
            : undefined
        )
      );
      progress((0.5 * (i + 1)) / locations.length);
    }
    // A probe without spikes has no units; with none at all, /units would be an empty table.
    const silent = probes.filter(p => p.spikes.counts.length === 0);
    const spikesOf = (p: IProbeSorting) =>
      p.sources.get('spikes.times.npy') ?? `${p.collection}/spikes.times.npy`;
    if (silent.length === probes.length) {
      throw new InterfaceSkipped(
        silent.map(p => noRowsReason(spikesOf(p))).join('; ')
      );
    }
    for (const p of silent) {
      addNote(
        ctx,
        'spike_sorting',
        `${noRowsReason(spikesOf(p))}: no units for ${p.label} (its electrodes are written)`
      );
    }
    const electrodes = await writeProbeElectrodes(ctx, probes);
    progress(0.6);
    signal.throwIfAborted();
    const { spec, checks, notes } = unitsSpec(probes, electrodes, ctx.ledger);
    for (const note of notes) {
      addNote(ctx, 'spike_sorting', note);
    }
    await addUnits(ctx.nwb, spec);
    progress(1);
    return [...electrodes.checks, ...checks];
  }
};
