/**
 * IBL's mean waveforms and the channels they are on. `clusters.waveforms`
 * is [clusters, samples, channels]; `clusters.waveformsChannels` is
 * [clusters, channels], the probe channel of each waveform channel (the
 * channels nearest the peak, nearest first, as phylib's ALF export writes
 * them). NWB places `waveform_mean[u, :, k]` on the unit's k-th `electrodes`
 * row, so these channels, in this order, are the unit's electrodes.
 *
 * phylib writes real channel indices only (no -1 padding); a value outside
 * the probe's channels, a repeated channel, or a shape that does not match
 * the waveforms means the files do not belong together, and placing the
 * waveforms anyway would put them on the wrong contacts: the conversion
 * fails naming the file rather than pad or guess.
 */
import { DatasetContentError, DatasetRowError } from '../../session/errors';
import type { IProbeSorting } from './probeData';

/** The waveforms and their channels agree with each other and with the probe's clusters and channels. */
export function checkWaveforms(p: IProbeSorting): void {
  const src = (name: string) =>
    p.sources.get(name) ?? `${p.collection}/${name}`;
  const clusters = p.clusterChannels.length;
  const w = p.waveforms;
  if (!w) {
    return;
  }
  // Units take row `cluster id`: fewer rows would leave some units' waveforms zero.
  if (w.shape[0] !== clusters) {
    throw new DatasetContentError(
      src('clusters.waveforms.npy'),
      `has ${w.shape[0]} rows but clusters.channels has ${clusters}`
    );
  }
  const c = p.waveformChannels;
  if (!c) {
    return;
  }
  const file = src('clusters.waveformsChannels.npy');
  const width = w.shape[2];
  if (c.shape.length !== 2 || c.shape[0] !== clusters || c.shape[1] !== width) {
    throw new DatasetContentError(
      file,
      `has shape (${c.shape.join(', ')}) but clusters.waveforms has (${w.shape.join(', ')}): one channel per waveform channel of each cluster is expected`
    );
  }
  const channels = p.rawInd.length;
  for (let cluster = 0; cluster < clusters; cluster++) {
    const seen = new Set<number>();
    for (let k = 0; k < width; k++) {
      const channel = c.values[cluster * width + k];
      if (!(Number.isInteger(channel) && channel >= 0 && channel < channels)) {
        throw new DatasetRowError(
          file,
          cluster,
          `cluster ${cluster} lists channel ${channel} for waveform channel ${k}, not one of the probe's ${channels} channels (channels.rawInd), so its waveform cannot be placed on an electrode`
        );
      }
      if (seen.has(channel)) {
        throw new DatasetRowError(
          file,
          cluster,
          `cluster ${cluster} lists channel ${channel} twice, so its waveform channels are not one contact each`
        );
      }
      seen.add(channel);
    }
  }
}

/** Whether every probe's waveforms can be written as one `waveform_mean`, each channel on an electrode; else why not. */
export function waveformPlacement(
  probes: IProbeSorting[]
): { placed: true } | { placed: false; reason?: string } {
  const withWaveforms = probes.filter(p => p.waveforms);
  if (withWaveforms.length === 0) {
    return { placed: false };
  }
  const src = (p: IProbeSorting, name: string) =>
    p.sources.get(name) ?? `${p.collection}/${name}`;
  const unplaced = probes.find(p => !p.waveforms || !p.waveformChannels);
  if (unplaced) {
    const missing = unplaced.waveforms
      ? 'clusters.waveformsChannels.npy'
      : 'clusters.waveforms.npy';
    return {
      placed: false,
      reason: `waveform_mean not written: ${unplaced.label} has no ${missing} (in ${unplaced.collection}), so its units' waveform channels cannot be tied to electrodes; the units' electrodes are the channels within 200 µm of the peak`
    };
  }
  const shape = (p: IProbeSorting) => p.waveforms!.shape.slice(1).join(' × ');
  const odd = probes.find(p => shape(p) !== shape(probes[0]));
  if (odd) {
    return {
      placed: false,
      reason: `waveform_mean not written: ${src(odd, 'clusters.waveforms.npy')} has ${shape(odd)} samples × channels per cluster but ${src(probes[0], 'clusters.waveforms.npy')} has ${shape(probes[0])}, and one waveform_mean column holds one shape; the units' electrodes are the channels within 200 µm of the peak`
    };
  }
  return { placed: true };
}
