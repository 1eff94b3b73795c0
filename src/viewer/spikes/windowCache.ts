import { lowerBound } from './align';
import type { SpikeTrains } from './unitSpikes';

interface IHeldTrain {
  t0: number;
  t1: number;
  /** The unit's spikes in `[t0, t1)`, sorted. */
  times: Float64Array;
}

/**
 * The spikes a raster has read, by unit, each with the time window it was
 * read over. A redraw (theme, sorting, paging back) or a zoom inside a
 * window already read is served from memory: reading it again would fetch
 * whole chunks of spike_times again, as the page cache cannot hold them.
 */
export class TrainWindows {
  private readonly held = new Map<number, IHeldTrain>();
  private spikes = 0;

  /** `maxSpikes`: beyond this, trains not asked for last are dropped, oldest first. */
  constructor(
    private readonly trains: SpikeTrains,
    private readonly maxSpikes: number
  ) {}

  /** The spikes of each unit in `[t0, t1)`, reading only what is not held. */
  async window(
    units: number[],
    t0: number,
    t1: number
  ): Promise<Float64Array[]> {
    const missing = [...new Set(units)].filter(u => !this.covers(u, t0, t1));
    const fresh = await this.trains.window(missing, t0, t1);
    missing.forEach((u, i) => this.hold(u, { t0, t1, times: fresh[i] }));
    const result = units.map(u => {
      const train = this.held.get(u) as IHeldTrain;
      // Re-inserted: the trains asked for last are the last dropped.
      this.held.delete(u);
      this.held.set(u, train);
      const { times } = train;
      return times.subarray(lowerBound(times, t0), lowerBound(times, t1));
    });
    this.trim(new Set(units));
    return result;
  }

  private covers(u: number, t0: number, t1: number): boolean {
    const train = this.held.get(u);
    return !!train && train.t0 <= t0 && t1 <= train.t1;
  }

  private hold(u: number, train: IHeldTrain): void {
    this.spikes += train.times.length - (this.held.get(u)?.times.length ?? 0);
    // Deleted first so the Map's order stays oldest first.
    this.held.delete(u);
    this.held.set(u, train);
  }

  /** Drop the oldest trains outside `keep` until within budget. */
  private trim(keep: Set<number>): void {
    for (const [u, train] of this.held) {
      if (this.spikes <= this.maxSpikes) {
        return;
      }
      if (!keep.has(u)) {
        this.held.delete(u);
        this.spikes -= train.times.length;
      }
    }
  }
}
