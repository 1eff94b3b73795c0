/**
 * Writes one probe's spike sorting output in the BWM layout
 * (`alf/probeXX/pykilosort/`): spikes, clusters (incl. metrics table, waveforms,
 * uuids) and channels.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { IChannels, N_CHANNELS } from './atlas';
import { NpyStreamWriter, writeNpy } from './npyWriter';
import { encodeTable } from './parquetTable';
import { Rng } from './rng';
import { IClusters, spikeBlocks, SpikeTally } from './spikes';

const WAVEFORM_SAMPLES = 82;
const WAVEFORM_CHANNELS = 32;

export interface IProbeSpec {
  seed: number;
  label: string; // rng stream label, e.g. "<eid>/probe00"
  dir: string;
  channels: IChannels;
  clusters: IClusters;
  start: number;
  end: number;
}

function metricsTable(
  rng: Rng,
  c: IClusters,
  tally: SpikeTally,
  duration: number
): Uint8Array {
  const n = c.rate.length;
  const col = (f: (i: number) => number): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => f(i));
  const fr = col(i => tally.count[i] / duration);
  const contamination = col(() => Math.max(0, rng.normal(0.05, 0.08)));
  const slidingRP = col(i =>
    contamination[i] < 0.1 && rng.uniform() < 0.9 ? 1 : 0
  );
  const noiseCutoff = col(() => Math.abs(rng.normal(2, 3)));
  const amps = col(i =>
    tally.count[i] ? tally.ampSum[i] / tally.count[i] : c.amplitude[i]
  );
  // label: fraction of the three IBL criteria passed (RP, noise cutoff, amplitude ≥ 50 µV)
  const label = col(
    i =>
      ((slidingRP[i] ? 1 : 0) +
        (noiseCutoff[i] < 5 ? 1 : 0) +
        (amps[i] >= 50e-6 ? 1 : 0)) /
      3
  );
  return encodeTable([
    {
      name: 'cluster_id',
      kind: 'int64',
      values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i))
    },
    {
      name: 'amp_max',
      kind: 'float64',
      values: col(i => (tally.count[i] ? tally.ampMax[i] : NaN))
    },
    {
      name: 'amp_min',
      kind: 'float64',
      values: col(i => (tally.count[i] ? tally.ampMin[i] : NaN))
    },
    { name: 'amp_median', kind: 'float64', values: amps },
    {
      name: 'amp_std_dB',
      kind: 'float64',
      values: col(() => rng.between(1, 4))
    },
    { name: 'contamination', kind: 'float64', values: contamination },
    {
      name: 'contamination_alt',
      kind: 'float64',
      values: col(i => contamination[i] * rng.between(0.5, 1.5))
    },
    { name: 'drift', kind: 'float64', values: col(() => rng.exponential(40)) },
    {
      name: 'missed_spikes_est',
      kind: 'float64',
      values: col(() => Math.min(0.5, rng.exponential(0.05)))
    },
    { name: 'noise_cutoff', kind: 'float64', values: noiseCutoff },
    {
      name: 'presence_ratio',
      kind: 'float64',
      values: col(i => Math.min(1, 0.6 + 0.4 * Math.min(1, fr[i])))
    },
    {
      name: 'presence_ratio_std',
      kind: 'float64',
      values: col(() => rng.between(0.05, 1.5))
    },
    { name: 'slidingRP_viol', kind: 'float64', values: slidingRP },
    { name: 'spike_count', kind: 'float64', values: col(i => tally.count[i]) },
    { name: 'firing_rate', kind: 'float64', values: fr },
    { name: 'label', kind: 'float64', values: label },
    {
      name: 'ks2_label',
      kind: 'string',
      values: Array.from(label, l => (l > 0.5 ? 'good' : 'mua'))
    }
  ]);
}

/** Templates on the 32 channels nearest the peak channel (sorted by distance). */
function waveforms(
  rng: Rng,
  ch: IChannels,
  c: IClusters
): { wf: Float32Array; wfc: Int32Array } {
  const n = c.rate.length;
  const wf = new Float32Array(n * WAVEFORM_SAMPLES * WAVEFORM_CHANNELS);
  const wfc = new Int32Array(n * WAVEFORM_CHANNELS);
  const xy = (k: number): [number, number] => [
    ch.localCoordinates[2 * k],
    ch.localCoordinates[2 * k + 1]
  ];
  for (let i = 0; i < n; i++) {
    const peak = Number(c.channels[i]);
    const [px, py] = xy(peak);
    const near = [...Array(N_CHANNELS).keys()]
      .map(k => ({ k, d: Math.hypot(xy(k)[0] - px, xy(k)[1] - py) }))
      .sort((a, b) => a.d - b.d || a.k - b.k)
      .slice(0, WAVEFORM_CHANNELS);
    const width = c.peakToTrough[i] / 1000 / 2; // s
    near.forEach(({ k, d }, j) => {
      wfc[i * WAVEFORM_CHANNELS + j] = k;
      const gain = c.amplitude[i] * Math.exp(-d / 40);
      for (let s = 0; s < WAVEFORM_SAMPLES; s++) {
        const t = (s - 41) / 30000;
        const trough = -Math.exp(-(t * t) / (2 * (width / 2) ** 2));
        const peakAfter =
          0.35 * Math.exp(-((t - width * 2) ** 2) / (2 * width ** 2));
        wf[(i * WAVEFORM_SAMPLES + s) * WAVEFORM_CHANNELS + j] =
          gain * (trough + peakAfter) + rng.normal(0, 1e-6);
      }
    });
  }
  return { wf, wfc };
}

/** Write spikes, clusters and channels; returns the number of spikes. */
export function writeProbe(spec: IProbeSpec): number {
  const { dir, channels: ch, clusters: c } = spec;
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(spec.seed, spec.label, 'spikes');
  const n = c.rate.length;
  const out = {
    times: new NpyStreamWriter(path.join(dir, 'spikes.times.npy'), '<f8'),
    clusters: new NpyStreamWriter(path.join(dir, 'spikes.clusters.npy'), '<i4'),
    amps: new NpyStreamWriter(path.join(dir, 'spikes.amps.npy'), '<f8'),
    depths: new NpyStreamWriter(path.join(dir, 'spikes.depths.npy'), '<f8')
  };
  const tally = new SpikeTally(n);
  for (const block of spikeBlocks(rng, c, spec.start, spec.end)) {
    out.times.append(block.times);
    out.clusters.append(block.clusters);
    out.amps.append(block.amps);
    out.depths.append(block.depths);
    tally.add(block);
  }
  const nSpikes = out.times.close();
  out.clusters.close();
  out.amps.close();
  out.depths.close();

  const meta = new Rng(spec.seed, spec.label, 'clusters');
  const amps = Float64Array.from({ length: n }, (_, i) =>
    tally.count[i] ? tally.ampSum[i] / tally.count[i] : c.amplitude[i]
  );
  writeNpy(path.join(dir, 'clusters.channels.npy'), '<i8', c.channels);
  writeNpy(path.join(dir, 'clusters.depths.npy'), '<f8', c.depths);
  writeNpy(path.join(dir, 'clusters.amps.npy'), '<f8', amps);
  writeNpy(path.join(dir, 'clusters.peakToTrough.npy'), '<f8', c.peakToTrough);
  const { wf, wfc } = waveforms(meta, ch, c);
  writeNpy(path.join(dir, 'clusters.waveforms.npy'), '<f4', wf, [
    n,
    WAVEFORM_SAMPLES,
    WAVEFORM_CHANNELS
  ]);
  writeNpy(path.join(dir, 'clusters.waveformsChannels.npy'), '<i4', wfc, [
    n,
    WAVEFORM_CHANNELS
  ]);
  const uuids = Array.from({ length: n }, () => meta.uuid4());
  fs.writeFileSync(
    path.join(dir, 'clusters.uuids.csv'),
    ['uuids', ...uuids].join('\n') + '\n'
  );
  fs.writeFileSync(
    path.join(dir, 'clusters.metrics.pqt'),
    metricsTable(meta, c, tally, spec.end - spec.start)
  );

  // anatomy of a cluster = that of its peak channel, as IBL's histology alignment assigns it
  const peak = Array.from(c.channels, Number);
  writeNpy(
    path.join(dir, 'clusters.brainLocationIds_ccf_2017.npy'),
    '<i8',
    BigInt64Array.from(peak, k => ch.brainLocationIds[k])
  );
  writeNpy(
    path.join(dir, 'clusters.mlapdv.npy'),
    '<f8',
    Float64Array.from(
      { length: 3 * n },
      (_, j) => ch.mlapdv[3 * peak[Math.floor(j / 3)] + (j % 3)]
    ),
    [n, 3]
  );
  writeNpy(
    path.join(dir, 'channels.localCoordinates.npy'),
    '<f8',
    ch.localCoordinates,
    [N_CHANNELS, 2]
  );
  writeNpy(path.join(dir, 'channels.mlapdv.npy'), '<f8', ch.mlapdv, [
    N_CHANNELS,
    3
  ]);
  writeNpy(
    path.join(dir, 'channels.brainLocationIds_ccf_2017.npy'),
    '<i8',
    ch.brainLocationIds
  );
  writeNpy(path.join(dir, 'channels.rawInd.npy'), '<i8', ch.rawInd);
  return nSpikes;
}
