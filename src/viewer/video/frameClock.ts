/**
 * When each frame of a movie is shown, from the ImageSeries' own times:
 * frame k is on screen from timestamps[k] until the next frame's time, so
 * the frame shown at time t is the last frame whose time is ≤ t. No frame
 * rate is assumed: timestamps are used as written (IBL's camera times jitter
 * and drop frames); only a series stored as starting_time + rate gets its
 * times from the rate, because that is what it declares.
 */

/** Where a time falls relative to the frames. */
export type FramePlace = 'before' | 'inside' | 'after';

/** The frame to show at a time, and whether the time is before, in or after the movie. */
export interface IFrameAt {
  /** Frame index to show (frame 0 before the first time, the last frame after the end). */
  readonly frame: number;
  readonly place: FramePlace;
}

export type FrameTimes =
  | { readonly kind: 'timestamps'; readonly timestamps: ArrayLike<number> }
  | {
      readonly kind: 'rate';
      readonly start: number;
      readonly rate: number;
      readonly count: number;
    };

/** Frames' times with the lookups a player needs. */
export class FrameClock {
  /** Frames that have a finite time, ascending (NaN times are frames that cannot be seeked to by time). */
  private readonly timed: Int32Array;
  private readonly times: Float64Array;

  /**
   * @throws Error naming the frame when finite timestamps go backwards
   *   (a player would show the wrong frame; the file needs fixing).
   */
  constructor(readonly source: FrameTimes) {
    if (source.kind === 'rate') {
      if (!(source.rate > 0) || !Number.isFinite(source.start)) {
        throw new Error(
          `the frame rate ${source.rate} Hz and starting time ${source.start} s do not define frame times`
        );
      }
      this.timed = new Int32Array(0);
      this.times = new Float64Array(0);
      return;
    }
    const ts = source.timestamps;
    const timed: number[] = [];
    for (let k = 0; k < ts.length; k++) {
      if (!Number.isFinite(ts[k])) {
        continue;
      }
      const previous = timed[timed.length - 1];
      if (previous !== undefined && ts[k] < ts[previous]) {
        throw new Error(
          `timestamps go backwards at frame ${k} (${ts[k]} s after ${ts[previous]} s at frame ${previous}), so the frame shown at a time is not defined`
        );
      }
      timed.push(k);
    }
    this.timed = Int32Array.from(timed);
    this.times = Float64Array.from(timed, k => ts[k]);
  }

  /** Number of frames. */
  get count(): number {
    return this.source.kind === 'rate'
      ? this.source.count
      : this.source.timestamps.length;
  }

  /** Time of frame k in seconds (NaN when the file gives it none). */
  timeOf(k: number): number {
    if (this.source.kind === 'rate') {
      return this.source.start + k / this.source.rate;
    }
    return Number(this.source.timestamps[k]);
  }

  /** First and last finite frame times, or null when no frame has one. */
  span(): [number, number] | null {
    if (this.count === 0) {
      return null;
    }
    if (this.source.kind === 'rate') {
      return [this.timeOf(0), this.timeOf(this.count - 1)];
    }
    return this.times.length === 0
      ? null
      : [this.times[0], this.times[this.times.length - 1]];
  }

  /**
   * The frame shown at time t: the last frame whose time is ≤ t. Before the
   * first frame, frame 0 with place `before`; after the last frame's time,
   * the last frame with place `after` (held, as a player holds it). Null for
   * a non-finite t or a movie without timed frames.
   */
  frameAt(t: number): IFrameAt | null {
    if (!Number.isFinite(t) || this.count === 0) {
      return null;
    }
    if (this.source.kind === 'rate') {
      const { start, rate, count } = this.source;
      // a hair of tolerance so t = timeOf(k) (computed as start + k / rate) maps back to k
      const k = Math.floor((t - start) * rate + 1e-9);
      return place(k, count - 1);
    }
    if (this.times.length === 0) {
      return null;
    }
    // last timed frame whose time ≤ t (binary search over finite times)
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo === 0) {
      return { frame: this.timed[0], place: 'before' };
    }
    const frame = this.timed[lo - 1];
    const last = this.timed[this.timed.length - 1];
    // past the last frame's time by more than one typical frame interval: the movie has ended
    return {
      frame,
      place:
        frame === last && t > this.times[lo - 1] + this.lastInterval()
          ? 'after'
          : 'inside'
    };
  }

  /** The last frame's duration, taken as the interval before it (0 for a single frame). */
  private lastInterval(): number {
    const n = this.times.length;
    return n > 1 ? this.times[n - 1] - this.times[n - 2] : 0;
  }
}

function place(k: number, last: number): IFrameAt {
  if (k < 0) {
    return { frame: 0, place: 'before' };
  }
  if (k > last) {
    return { frame: last, place: 'after' };
  }
  return { frame: k, place: 'inside' };
}
