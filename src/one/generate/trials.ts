/**
 * Task structure of IBL's biased/ephys choice world: 90 unbiased trials, then
 * alternating 0.2/0.8 blocks of 20–100 trials; signed contrasts; a psychometric
 * observer whose bias follows the block; log-normal reaction times.
 * Times are seconds on the session clock, all events of a trial in order.
 */
import { Rng } from './rng';

export const CONTRASTS = [1, 0.25, 0.125, 0.0625, 0] as const;
const UNBIASED_TRIALS = 90;
const REWARD_UL = 1.5;
const NO_GO_TIMEOUT_S = 60;

export interface ITrials {
  intervals: Float64Array; // (n, 2) start, stop
  intervals_bpod: Float64Array; // (n, 2) same on the Bpod clock
  stimOnTrigger_times: Float64Array;
  stimOn_times: Float64Array;
  goCueTrigger_times: Float64Array;
  goCue_times: Float64Array;
  firstMovement_times: Float64Array;
  response_times: Float64Array;
  feedback_times: Float64Array;
  stimOff_times: Float64Array;
  quiescencePeriod: Float64Array;
  itiDuration: Float64Array;
  contrastLeft: Float64Array; // NaN when the stimulus is on the right
  contrastRight: Float64Array;
  probabilityLeft: Float64Array;
  choice: BigInt64Array; // +1 clockwise (reports left), -1 counter-clockwise, 0 no-go
  feedbackType: BigInt64Array; // +1 reward, -1 error
  rewardVolume: Float64Array; // µL
}

/** Block probabilities trial by trial: 90 × 0.5, then alternating 0.2/0.8 blocks. */
export function blockProbabilities(rng: Rng, nTrials: number): Float64Array {
  const p = new Float64Array(nTrials);
  let i = 0;
  for (; i < Math.min(UNBIASED_TRIALS, nTrials); i++) {
    p[i] = 0.5;
  }
  let current = rng.uniform() < 0.5 ? 0.2 : 0.8;
  while (i < nTrials) {
    // truncated exponential block length, as in iblrig
    let len = 0;
    do {
      len = Math.round(rng.exponential(60));
    } while (len < 20 || len > 100);
    for (let k = 0; k < len && i < nTrials; k++, i++) {
      p[i] = current;
    }
    current = current === 0.2 ? 0.8 : 0.2;
  }
  return p;
}

/** Probability that the observer turns clockwise (reports "left"). */
export function probabilityChooseLeft(
  signedContrast: number,
  probabilityLeft: number
): number {
  const lapse = 0.06;
  const bias = (probabilityLeft - 0.5) * 0.35;
  const z = (signedContrast + bias) / 0.09;
  return lapse + (1 - 2 * lapse) / (1 + Math.exp(-z));
}

/** Generate trials from `start` until `end` seconds (at least one trial). */
export function generateTrials(rng: Rng, start: number, end: number): ITrials {
  const rows: number[][] = [];
  const maxTrials = Math.max(1, Math.ceil((end - start) / 2));
  const pLeft = blockProbabilities(rng, maxTrials);
  let t = start;
  for (let i = 0; i < maxTrials; i++) {
    const q = Math.min(0.2 + rng.exponential(0.35), 0.8);
    const left = rng.uniform() < pLeft[i];
    const contrast = rng.pick(CONTRASTS);
    const signed = left ? contrast : -contrast;
    const noGo = rng.uniform() < 0.015;
    const choice = noGo
      ? 0
      : rng.uniform() < probabilityChooseLeft(signed, pLeft[i])
        ? 1
        : -1;
    const correct = choice !== 0 && (choice === 1) === left;
    // mice are slower on hard trials; heavy right tail
    const rt = noGo
      ? NO_GO_TIMEOUT_S
      : 0.08 + rng.logNormal(Math.log(0.35 + 0.4 * (1 - contrast)), 0.6);
    const stimOnTrigger = t + q + rng.exponential(0.1);
    const stimOn = stimOnTrigger + 0.012 + rng.uniform() * 0.02; // screen refresh latency
    const goCueTrigger = stimOnTrigger + 0.0001;
    const goCue = goCueTrigger + 0.0004 + rng.uniform() * 0.0008;
    const response = goCue + Math.min(rt, NO_GO_TIMEOUT_S);
    const firstMovement = noGo
      ? NaN
      : goCue + Math.max(0.05, rt * rng.between(0.3, 0.8));
    const feedback = response + 0.0002 + rng.uniform() * 0.0005;
    const stimOff = feedback + (correct ? 1.0 : 2.0) + rng.uniform() * 0.03;
    const iti = 0.5;
    const stop = stimOff + iti + rng.uniform() * 0.02;
    if (stop > end && i > 0) {
      break;
    }
    rows.push([
      t,
      stop,
      stimOnTrigger,
      stimOn,
      goCueTrigger,
      goCue,
      firstMovement,
      response,
      feedback,
      stimOff,
      q,
      iti,
      left ? contrast : NaN,
      left ? NaN : contrast,
      pLeft[i],
      choice,
      correct ? 1 : -1,
      correct ? REWARD_UL : 0
    ]);
    t = stop + 0.001 + rng.uniform() * 0.05;
  }
  const n = rows.length;
  const col = (k: number): Float64Array => Float64Array.from(rows, r => r[k]);
  const intervals = new Float64Array(2 * n);
  const bpod = new Float64Array(2 * n);
  // Bpod's clock starts at the first trial and drifts by ~20 ppm from the FPGA clock
  const drift = 1 + 2e-5;
  rows.forEach((r, i) => {
    intervals[2 * i] = r[0];
    intervals[2 * i + 1] = r[1];
    bpod[2 * i] = (r[0] - rows[0][0]) * drift;
    bpod[2 * i + 1] = (r[1] - rows[0][0]) * drift;
  });
  return {
    intervals,
    intervals_bpod: bpod,
    stimOnTrigger_times: col(2),
    stimOn_times: col(3),
    goCueTrigger_times: col(4),
    goCue_times: col(5),
    firstMovement_times: col(6),
    response_times: col(7),
    feedback_times: col(8),
    stimOff_times: col(9),
    quiescencePeriod: col(10),
    itiDuration: col(11),
    contrastLeft: col(12),
    contrastRight: col(13),
    probabilityLeft: col(14),
    choice: BigInt64Array.from(rows, r => BigInt(r[15])),
    feedbackType: BigInt64Array.from(rows, r => BigInt(r[16])),
    rewardVolume: col(17)
  };
}

/** Number of trials. */
export function trialCount(trials: ITrials): number {
  return trials.stimOn_times.length;
}
