/**
 * Wheel position as IBL records it: a rotary encoder read in X4 mode (4096
 * ticks per turn), one sample per tick change, radians, counter-clockwise
 * positive. Movements are minimum-jerk turns: one per trial from the first
 * movement to past the response threshold, in the choice direction, plus
 * small twitches at random times. `wheelMoves` lists the movements.
 */
import { Rng } from './rng';
import { ITrials } from './trials';

const TICK_RAD = (2 * Math.PI) / 4096;
const GRID_S = 0.001;
/** Wheel turn that moves the stimulus to the centre (35° of visual angle). */
const RESPONSE_RAD = 0.28;
const MIN_MOVE_RAD = 0.012;

export interface IWheel {
  position: Float64Array;
  timestamps: Float64Array;
  moveIntervals: Float64Array; // (n, 2)
  movePeakAmplitude: Float64Array;
}

interface IMove {
  start: number;
  end: number;
  amplitude: number;
}

function plannedMoves(
  rng: Rng,
  trials: ITrials,
  start: number,
  end: number
): IMove[] {
  const moves: IMove[] = [];
  const n = trials.stimOn_times.length;
  for (let i = 0; i < n; i++) {
    const choice = Number(trials.choice[i]);
    if (choice === 0) {
      continue;
    }
    const from = trials.firstMovement_times[i];
    // counter-clockwise is positive, and choice -1 is a counter-clockwise turn
    const amplitude = -choice * (RESPONSE_RAD + rng.exponential(0.04));
    moves.push({
      start: from,
      end: trials.response_times[i] + rng.between(0.05, 0.2),
      amplitude
    });
  }
  // spontaneous twitches where the mouse is not answering a trial
  const twitches: IMove[] = [];
  let k = 0;
  for (
    let t = start + rng.exponential(5);
    t < end - 1;
    t += rng.exponential(5)
  ) {
    const m = {
      start: t,
      end: t + rng.between(0.15, 0.5),
      amplitude: rng.normal(0, 0.06)
    };
    while (k < moves.length && moves[k].end + 0.05 < m.start) {
      k++;
    }
    const clashes = k < moves.length && moves[k].start < m.end + 0.05;
    const last = twitches[twitches.length - 1];
    if (!clashes && (!last || m.start > last.end + 0.05)) {
      twitches.push(m);
    }
  }
  return [...moves, ...twitches]
    .filter(m => m.start > start && m.end < end)
    .sort((a, b) => a.start - b.start);
}

function minimumJerk(tau: number): number {
  return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
}

/** Generate the wheel trace and its movements between `start` and `end`. */
export function generateWheel(
  rng: Rng,
  trials: ITrials,
  start: number,
  end: number
): IWheel {
  const moves = plannedMoves(rng, trials, start, end);
  const position: number[] = [0];
  const timestamps: number[] = [start];
  let base = 0;
  let lastTick = 0;
  const intervals: number[] = [];
  const peaks: number[] = [];
  for (const m of moves) {
    const steps = Math.ceil((m.end - m.start) / GRID_S);
    for (let k = 1; k <= steps; k++) {
      const t = m.start + (k * (m.end - m.start)) / steps;
      const tick = Math.round(
        (base + m.amplitude * minimumJerk(k / steps)) / TICK_RAD
      );
      if (tick !== lastTick) {
        // several ticks inside one grid step are spread evenly over it
        const dir = Math.sign(tick - lastTick);
        const count = Math.abs(tick - lastTick);
        for (let j = 1; j <= count; j++) {
          position.push((lastTick + dir * j) * TICK_RAD);
          timestamps.push(t - GRID_S + (j * GRID_S) / count);
        }
        lastTick = tick;
      }
    }
    base += m.amplitude;
    if (Math.abs(m.amplitude) >= MIN_MOVE_RAD) {
      intervals.push(m.start, m.end);
      peaks.push(m.amplitude);
    }
  }
  return {
    position: Float64Array.from(position),
    timestamps: Float64Array.from(timestamps),
    moveIntervals: Float64Array.from(intervals),
    movePeakAmplitude: Float64Array.from(peaks)
  };
}
