/**
 * Lazy reads of an event series (licks, BehavioralEvents, AnnotationSeries,
 * ndx-events) around trial events: only the event times inside the span of
 * the aligned windows, then aligned per trial as spikes are.
 */
import { alignSpikes, sortedTimes } from '../spikes/align';
import { searchSorted, type TimeAxis } from '../series/timeAxis';
import type { Reader } from './alignedSamples';

/** Event times relative to each trial's event, and what was read. */
export interface IAlignedEvents {
  /** Per trial, times relative to its event in `[from, to)` (empty for a NaN event). */
  readonly aligned: Float64Array[];
  readonly nanEvents: number;
  readonly bytes: number;
  /** Events read (those inside the windows' span). */
  readonly events: number;
}

/** Align the events of `axis` (times in `stampsPath` or on a regular rate). */
export async function alignEvents(
  axis: TimeAxis,
  stampsPath: string | undefined,
  events: Float64Array,
  from: number,
  to: number,
  read: Reader
): Promise<IAlignedEvents> {
  // (reduce, not spread: up to 100 000 trials would overflow the call stack)
  const finite = Array.from(events).filter(Number.isFinite);
  const nanEvents = events.length - finite.length;
  let times: Float64Array = new Float64Array(0);
  let bytes = 0;
  if (finite.length > 0 && axis.length > 0) {
    // A little wide: alignSpikes then keeps exactly `from <= t - event < to`.
    const t0 = finite.reduce((a, b) => Math.min(a, b)) + from - 1e-6;
    const t1 = finite.reduce((a, b) => Math.max(a, b)) + to + 1e-6;
    if (axis.kind === 'rate') {
      const i0 = Math.max(0, Math.ceil((t0 - axis.start) * axis.rate));
      const i1 = Math.min(
        axis.length,
        Math.ceil((t1 - axis.start) * axis.rate)
      );
      times = Float64Array.from(
        { length: Math.max(0, i1 - i0) },
        (_, i) => axis.start + (i0 + i) / axis.rate
      );
    } else if (axis.kind === 'timestamps' && stampsPath) {
      const i0 = await searchSorted(axis.at, axis.length, t0);
      const i1 = await searchSorted(axis.at, axis.length, t1);
      if (i1 > i0) {
        const raw = await read(stampsPath, [[i0, i1]]);
        bytes = ArrayBuffer.isView(raw) ? raw.byteLength : (i1 - i0) * 8;
        times = sortedTimes(Float64Array.from(raw as ArrayLike<number>));
      }
    } else {
      throw new Error('the series has no timestamps nor rate');
    }
  }
  return {
    aligned: alignSpikes(times, events, from, to),
    nanEvents,
    bytes,
    events: times.length
  };
}
