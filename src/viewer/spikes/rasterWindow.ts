import type { SpikeTrains } from './unitSpikes';

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

/**
 * The window a raster opens on: `length` seconds from the earliest first
 * spike of up to 16 units spread over the table (real files' spikes often
 * start minutes into the recording, so a window at 0 s shows nothing).
 * The start is rounded down to a whole second to keep the axis readable.
 */
export async function openingWindow(
  trains: SpikeTrains,
  length: number
): Promise<{ start: number; length: number }> {
  const extent = await trains.extent(
    spreadUnits(trains.layout.units, SAMPLED_UNITS),
    false
  );
  return { start: extent ? Math.floor(extent[0]) : 0, length };
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
