/**
 * Video-derived data: camera frame times, pose keypoints (Lightning Pose / DLC
 * naming), pupil diameter, ROI motion energy, and licks. Camera rates are IBL's:
 * left 60 Hz, right 150 Hz, body 30 Hz.
 */
import { Rng } from './rng';
import { ITrials } from './trials';

export type CameraView = 'left' | 'right' | 'body';

export const CAMERA_FPS: Record<CameraView, number> = {
  left: 60,
  right: 150,
  body: 30
};

/** Frame size in pixels of each camera (the pose keypoints' coordinate space). */
export const CAMERA_SIZE: Record<
  CameraView,
  { width: number; height: number }
> = {
  left: { width: 640, height: 512 },
  right: { width: 320, height: 256 },
  body: { width: 320, height: 256 }
};

/** IBL keypoint names (Lightning Pose and DLC share them). */
export const FACE_KEYPOINTS = [
  'nose_tip',
  'paw_l',
  'paw_r',
  'pupil_bottom_r',
  'pupil_left_r',
  'pupil_right_r',
  'pupil_top_r',
  'tongue_end_l',
  'tongue_end_r',
  'tube_bottom',
  'tube_top'
] as const;
export const BODY_KEYPOINTS = ['tail_start'] as const;

/** Frame times from `start` to `end`, with TTL jitter of a few tens of µs. */
export function cameraTimes(
  rng: Rng,
  view: CameraView,
  start: number,
  end: number
): Float64Array {
  const period = 1 / CAMERA_FPS[view];
  const n = Math.floor((end - start) / period);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = start + i * period + rng.normal(0, 2e-5);
  }
  // jitter never reorders frames that are ≥ 6.6 ms apart, but keep it strict anyway
  for (let i = 1; i < n; i++) {
    if (t[i] <= t[i - 1]) {
      t[i] = t[i - 1] + 1e-6;
    }
  }
  return t;
}

/** Smooth random walk around `centre`, in pixels (AR(1) with time constant `tau` frames). */
function wander(
  rng: Rng,
  n: number,
  centre: number,
  sd: number,
  tau: number
): Float64Array {
  const out = new Float64Array(n);
  const a = Math.exp(-1 / tau);
  const noise = sd * Math.sqrt(1 - a * a);
  let x = rng.normal(0, sd);
  for (let i = 0; i < n; i++) {
    x = a * x + rng.normal(0, noise);
    out[i] = centre + x;
  }
  return out;
}

export interface IPoseColumn {
  name: string;
  values: Float64Array;
}

/** x, y, likelihood per keypoint; likelihood drops when a part is occluded. */
export function poseColumns(
  rng: Rng,
  view: CameraView,
  nFrames: number
): IPoseColumn[] {
  const { width, height } = CAMERA_SIZE[view];
  const parts = view === 'body' ? BODY_KEYPOINTS : FACE_KEYPOINTS;
  const columns: IPoseColumn[] = [];
  for (const part of parts) {
    const cx = rng.between(0.2, 0.8) * width;
    const cy = rng.between(0.2, 0.8) * height;
    const tongue = part.startsWith('tongue');
    const x = wander(rng, nFrames, cx, tongue ? 20 : 6, 30);
    const y = wander(rng, nFrames, cy, tongue ? 20 : 6, 30);
    const likelihood = new Float64Array(nFrames);
    for (let i = 0; i < nFrames; i++) {
      // the tongue is only visible during licks
      const visible = tongue ? rng.uniform() < 0.08 : rng.uniform() < 0.97;
      likelihood[i] = visible ? 1 - rng.exponential(0.01) : rng.uniform() * 0.5;
      likelihood[i] = Math.min(1, Math.max(0, likelihood[i]));
    }
    columns.push({ name: `${part}_x`, values: x });
    columns.push({ name: `${part}_y`, values: y });
    columns.push({ name: `${part}_likelihood`, values: likelihood });
  }
  return columns;
}

/** Raw and smoothed pupil diameter (px), dilating after stimuli. */
export function pupilDiameter(
  rng: Rng,
  times: Float64Array,
  trials: ITrials
): { raw: Float64Array; smooth: Float64Array } {
  const n = times.length;
  const base = wander(rng, n, 30, 4, 300);
  const smooth = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (
      k + 1 < trials.stimOn_times.length &&
      trials.stimOn_times[k + 1] <= times[i]
    ) {
      k++;
    }
    const dt = times[i] - trials.stimOn_times[k];
    const evoked =
      dt > 0 && dt < 3
        ? 3 * Math.exp(-dt / 0.8) * (1 - Math.exp(-dt / 0.2))
        : 0;
    smooth[i] = base[i] + evoked;
  }
  const raw = smooth.map(v =>
    rng.uniform() < 0.01 ? NaN : v + rng.normal(0, 0.8)
  );
  return { raw, smooth };
}

/** Normalised ROI motion energy per frame, higher while the wheel or licks move. */
export function motionEnergy(
  rng: Rng,
  times: Float64Array,
  trials: ITrials
): Float64Array {
  const n = times.length;
  const me = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (
      k + 1 < trials.feedback_times.length &&
      trials.feedback_times[k + 1] <= times[i]
    ) {
      k++;
    }
    const dt = times[i] - trials.feedback_times[k];
    const active = dt > 0 && dt < 1.5 ? 0.4 : 0;
    me[i] = Math.max(0, 0.1 + active + rng.exponential(0.08));
  }
  const max = me.reduce((a, b) => Math.max(a, b), 0);
  return me.map(v => v / max);
}

/** Lick times: bouts at ~7 Hz after each reward, plus sparse spontaneous licks. */
export function lickTimes(
  rng: Rng,
  trials: ITrials,
  start: number,
  end: number
): Float64Array {
  const licks: number[] = [];
  const n = trials.feedback_times.length;
  for (let i = 0; i < n; i++) {
    if (trials.feedbackType[i] !== 1n) {
      continue;
    }
    let t = trials.feedback_times[i] + rng.between(0.1, 0.3);
    const stop = t + rng.between(0.8, 2.5);
    while (t < stop && t < end) {
      licks.push(t);
      t += 0.11 + rng.normal(0, 0.015);
    }
  }
  for (let t = start + rng.exponential(20); t < end; t += rng.exponential(20)) {
    licks.push(t);
  }
  return Float64Array.from(licks).sort();
}
