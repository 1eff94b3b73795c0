/**
 * Independent recomputations of the passive-protocol tables, written from the release's
 * definitions (reference/ibl_to_nwb.md) and not from interfaces/passive/passiveTables.ts.
 */
import { Recomputed } from '../expected';

/** The replayed stimuli of `_ibl_passiveStims.table`, in the release's order of types. */
const REPLAYED = ['valve', 'tone', 'noise'];

interface IReplayEvent {
  on: number;
  off: number;
  type: number;
  row: number;
}

/**
 * passive_task_replay: one row per event (a `<type>On` that is a number), ordered by onset;
 * events with the same onset keep the order valve, tone, noise, then their table row.
 */
export function recomputeReplay(columns: Record<string, ArrayLike<number>>): {
  start: Recomputed;
  stop: Recomputed;
  stimType: Recomputed;
} {
  const events: IReplayEvent[] = [];
  REPLAYED.forEach((name, type) => {
    const on = columns[`${name}On`];
    const off = columns[`${name}Off`];
    for (let row = 0; on && row < on.length; row++) {
      if (on[row] === on[row]) {
        events.push({ on: on[row], off: off ? off[row] : NaN, type, row });
      }
    }
  });
  events.sort((a, b) =>
    a.on !== b.on ? (a.on < b.on ? -1 : 1) : a.type - b.type || a.row - b.row
  );
  const what = 'passive_task_replay = every valve/tone/noise event by onset';
  return {
    start: new Recomputed(
      `${what}: <type>On`,
      Float64Array.from(events, e => e.on)
    ),
    stop: new Recomputed(
      `${what}: <type>Off`,
      Float64Array.from(events, e => e.off)
    ),
    stimType: new Recomputed(
      `${what}: the type`,
      events.map(e => REPLAYED[e.type])
    )
  };
}

/** Overlap allowed between consecutive Gabor patches before one is out of order. */
const GABOR_TOLERANCE_S = 0.001;

/**
 * gabor_table column `values`: the rows in chronological order. A patch that starts more than
 * 1 ms before the patch shown before it has ended is the timing corruption the release drops
 * (and, not shown, it does not hide the patches after it).
 */
export function recomputeGaborColumn(
  start: ArrayLike<number>,
  stop: ArrayLike<number>,
  values: ArrayLike<number>,
  column: string
): Recomputed {
  const kept: number[] = [];
  let shownUntil = -Infinity;
  for (let row = 0; row < start.length; row++) {
    if (shownUntil - start[row] > GABOR_TOLERANCE_S) {
      continue;
    }
    kept.push(values[row]);
    shownUntil = stop[row];
  }
  return new Recomputed(
    `gabor_table ${column} = the rows not starting > 1 ms before the shown patch ends`,
    Float64Array.from(kept)
  );
}
