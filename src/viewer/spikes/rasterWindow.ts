import { strayEdgeCount, typicalStep } from '../model/strayTimes';
import type { IUnitEdge, SpikeTrains } from './unitSpikes';

/**
 * Units whose first spike is read to place the opening window: one small
 * read each (a chunk of spike_times each, on a remote file), before the
 * first draw.
 */
const SAMPLED_UNITS = 16;

/** `count` unit rows spread evenly over `units` (all of them when fewer). */
export function spreadUnits(units: number, count: number): number[] {
  if (units <= count) {
    return Array.from({ length: units }, (_, u) => u);
  }
  return [
    ...new Set(
      Array.from({ length: count }, (_, k) =>
        Math.round((k * (units - 1)) / (count - 1))
      )
    )
  ];
}

/** Leading spikes of a unit examined for strays. */
const EDGE_SPIKES = 16;

/**
 * The window a raster opens on: `length` seconds from the earliest first
 * spike of up to 16 units spread over `shown` (default: the table) (real files' spikes often
 * start minutes into the recording, so a window at 0 s shows nothing).
 * Stray spikes are passed over by the rule time series use
 * (`strayEdgeCount`): within each unit, leading spikes far before the rest
 * of its train; and a unit too short to judge itself (one or two spikes,
 * a noise cluster) when its spikes lie far before every other unit's.
 * The start is rounded down to a whole second to keep the axis readable.
 */
export async function openingWindow(
  trains: SpikeTrains,
  length: number,
  shown?: number[]
): Promise<{ start: number; length: number }> {
  // Sampled among the units the first page shows when given: their first
  // spikes are in chunks the first window reads anyway, where units
  // spread over the whole table would cost a chunk of spike_times each.
  const sampled = shown?.length
    ? spreadUnits(shown.length, SAMPLED_UNITS).map(k => shown[k])
    : spreadUnits(trains.layout.units, SAMPLED_UNITS);
  const edges = await trains.edges(sampled, EDGE_SPIKES + 1);
  const judged: number[] = [];
  const short: number[] = [];
  const steps: number[] = [];
  const judgedEdges: IUnitEdge[] = [];
  for (const edge of edges) {
    const { head, spikes } = edge;
    const step = typicalStep(
      Array.from(head.subarray(1), (t, i) => t - head[i])
    );
    if (spikes < 3 || step === null) {
      short.push(...Array.from(head).filter(Number.isFinite));
      continue;
    }
    const limit = Math.min(EDGE_SPIKES, spikes - 2);
    // A gap must exceed both 1000 steps and the rest of the train: the
    // train's end (one more read) is needed only when the first holds.
    let skip = strayEdgeCount(head, step, 0, limit);
    if (skip > 0) {
      skip = strayEdgeCount(
        head,
        step,
        (await edge.last()) - head[limit],
        limit
      );
    }
    if (Number.isFinite(head[skip])) {
      judged.push(head[skip]);
      steps.push(step);
      judgedEdges.push(edge);
    }
  }
  const step = typicalStep(steps);
  let kept = short;
  if (judged.length && step !== null) {
    // A short unit's spike is judged against where the other units start,
    // and the units' ends are read only if one lies far enough before.
    const anchor = Math.min(...judged);
    const candidates = short.filter(
      t => strayEdgeCount([t, anchor], step, 0, 1) > 0
    );
    if (candidates.length) {
      const lasts = [];
      for (const edge of judgedEdges) {
        lasts.push(await edge.last());
      }
      const body = Math.max(...lasts.filter(Number.isFinite), anchor) - anchor;
      kept = short.filter(
        t =>
          !candidates.includes(t) ||
          strayEdgeCount([t, anchor], step, body, 1) === 0
      );
    }
  }
  const firsts = [...judged, ...kept];
  return {
    start: firsts.length ? Math.floor(Math.min(...firsts)) : 0,
    length
  };
}

/**
 * The window holding every spike of every unit (the "whole series"
 * control): all units' ends are read.
 */
export async function wholeWindow(
  trains: SpikeTrains
): Promise<{ start: number; length: number } | null> {
  const extent = await trains.extent(
    Array.from({ length: trains.layout.units }, (_, u) => u)
  );
  if (!extent) {
    return null;
  }
  // Half-open windows: a little past the last spike so it is drawn.
  const span = extent[1] - extent[0];
  return { start: extent[0], length: span > 0 ? span * 1.0001 : 1 };
}
