/**
 * Spike-sorted units of one probe. Each cluster fires as a Poisson process with
 * dead time (its refractory period), with a rate that drifts slowly from block
 * to block. Spikes are produced in time blocks, each sorted by time, so a
 * one-hour, ten-million-spike probe streams to disk in bounded memory.
 */
import { IChannels, N_CHANNELS } from './atlas';
import { Rng } from './rng';

export interface IClusters {
  channels: BigInt64Array;
  depths: Float64Array; // µm from the tip
  amplitude: Float64Array; // V, typical spike amplitude
  rate: Float64Array; // Hz, long-run mean
  refractory: Float64Array; // s
  peakToTrough: Float64Array; // ms
}

/** Draw `n` clusters on in-brain channels. */
export function makeClusters(
  rng: Rng,
  channels: IChannels,
  n: number
): IClusters {
  const inBrain = [...Array(N_CHANNELS).keys()].filter(
    c => channels.brainLocationIds[c] !== 0n
  );
  const pool = inBrain.length ? inBrain : [...Array(N_CHANNELS).keys()];
  const c: IClusters = {
    channels: new BigInt64Array(n),
    depths: new Float64Array(n),
    amplitude: new Float64Array(n),
    rate: new Float64Array(n),
    refractory: new Float64Array(n),
    peakToTrough: new Float64Array(n)
  };
  for (let i = 0; i < n; i++) {
    const ch = rng.pick(pool);
    c.channels[i] = BigInt(ch);
    c.depths[i] = channels.localCoordinates[2 * ch + 1] + rng.normal(0, 5);
    c.amplitude[i] = Math.min(
      600e-6,
      30e-6 + rng.logNormal(Math.log(80e-6), 0.5)
    );
    // log-normal rates: median 4 Hz, mean ≈ 6 Hz, as in BWM units
    c.rate[i] = Math.min(80, Math.max(0.05, rng.logNormal(Math.log(4), 0.9)));
    c.refractory[i] = rng.between(0.0015, 0.0025);
    c.peakToTrough[i] =
      rng.uniform() < 0.2 ? rng.normal(0.3, 0.05) : rng.normal(0.75, 0.12);
  }
  return c;
}

export interface ISpikeBlock {
  times: Float64Array;
  clusters: Int32Array;
  amps: Float64Array;
  depths: Float64Array;
}

/** Time-sorted spikes in consecutive blocks covering [start, end). */
export function* spikeBlocks(
  rng: Rng,
  clusters: IClusters,
  start: number,
  end: number,
  blockS = 30
): Generator<ISpikeBlock> {
  const n = clusters.rate.length;
  const drift = new Float64Array(n); // log-rate AR(1) state
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = start + rng.exponential(1 / clusters.rate[i]);
  }
  for (let b0 = start; b0 < end; b0 += blockS) {
    const b1 = Math.min(end, b0 + blockS);
    const times: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      drift[i] = 0.9 * drift[i] + rng.normal(0, 0.05);
      // exp(drift) has mean exp(sd²/2) with stationary sd² = 0.05² / (1 - 0.9²): remove it;
      // mean ISI = refractory + 1/λ', so λ' gives the wanted rate despite the dead time
      const rate = clusters.rate[i] * Math.exp(drift[i] - 0.0066);
      const isi = Math.max(1 / rate - clusters.refractory[i], 1e-4);
      while (next[i] < b1) {
        times.push(next[i]);
        ids.push(i);
        next[i] += clusters.refractory[i] + rng.exponential(isi);
      }
    }
    const order = Uint32Array.from(times.keys()).sort(
      (a, b) => times[a] - times[b]
    );
    const block: ISpikeBlock = {
      times: new Float64Array(order.length),
      clusters: new Int32Array(order.length),
      amps: new Float64Array(order.length),
      depths: new Float64Array(order.length)
    };
    order.forEach((k, j) => {
      const id = ids[k];
      block.times[j] = times[k];
      block.clusters[j] = id;
      block.amps[j] = clusters.amplitude[id] * rng.logNormal(0, 0.2);
      block.depths[j] = clusters.depths[id] + rng.normal(0, 8);
    });
    yield block;
  }
}

/** Summary statistics accumulated while spikes are written. */
export class SpikeTally {
  readonly count: Float64Array;
  readonly ampSum: Float64Array;
  readonly ampMin: Float64Array;
  readonly ampMax: Float64Array;

  constructor(n: number) {
    this.count = new Float64Array(n);
    this.ampSum = new Float64Array(n);
    this.ampMin = new Float64Array(n).fill(Infinity);
    this.ampMax = new Float64Array(n).fill(-Infinity);
  }

  add(block: ISpikeBlock): void {
    block.clusters.forEach((id, j) => {
      const a = block.amps[j];
      this.count[id]++;
      this.ampSum[id] += a;
      this.ampMin[id] = Math.min(this.ampMin[id], a);
      this.ampMax[id] = Math.max(this.ampMax[id], a);
    });
  }
}
