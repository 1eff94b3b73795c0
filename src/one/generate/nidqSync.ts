/**
 * The NIDQ sync of a generated ephys session, as IBL's extraction leaves it in
 * `raw_ephys_data/`: `_spikeglx_sync.{times,polarities,channels}.npy` (every
 * front of every sync line in session seconds, sorted by time; polarity +1
 * rising, -1 falling; channel = NIDQ digital line, 16+ the thresholded analog
 * inputs) and `_spikeglx_ephysData_g0_t0.nidq.wiring.json` naming the lines.
 * The fronts follow the session's other datasets: camera frames at the ALF
 * camera times, frame2ttl at stimulus on/off, audio at go cues and error
 * tones, the rotary encoder at the wheel timestamps.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { writeNpy } from './npyWriter';
import { ITrials } from './trials';
import { CameraView } from './video';

/** IBL's standard 3B NIDQ wiring (as in ibl-neuropixel's `sample3B_g0_t0.nidq.wiring.json`). */
export const NIDQ_WIRING = {
  SYSTEM: '3B',
  SYNC_WIRING_DIGITAL: {
    'P0.0': 'left_camera',
    'P0.1': 'right_camera',
    'P0.2': 'body_camera',
    'P0.3': 'imec_sync',
    'P0.4': 'frame2ttl',
    'P0.5': 'rotary_encoder_0',
    'P0.6': 'rotary_encoder_1',
    'P0.7': 'audio'
  },
  SYNC_WIRING_ANALOG: { AI0: 'bpod', AI1: 'laser', AI2: 'laser_ttl' }
};

export const NIDQ_WIRING_FILE = '_spikeglx_ephysData_g0_t0.nidq.wiring.json';

export interface ISyncSources {
  cameras: Record<CameraView, Float64Array>;
  trials: ITrials;
  wheelTimestamps: Float64Array;
  end: number;
}

interface IFront {
  time: number;
  polarity: 1 | -1;
  channel: number;
}

const CAMERA_CHANNEL: Record<CameraView, number> = {
  left: 0,
  right: 1,
  body: 2
};

/** A pulse of `width` s at each time (rising then falling) on `channel`. */
function pulses(
  out: IFront[],
  channel: number,
  starts: ArrayLike<number>,
  width: (i: number) => number
): void {
  for (let i = 0; i < starts.length; i++) {
    if (Number.isFinite(starts[i])) {
      out.push({ time: starts[i], polarity: 1, channel });
      out.push({ time: starts[i] + width(i), polarity: -1, channel });
    }
  }
}

/** Every front of the session, sorted by time (ties by channel). */
export function nidqFronts(src: ISyncSources): IFront[] {
  const out: IFront[] = [];
  for (const view of ['left', 'right', 'body'] as CameraView[]) {
    const t = src.cameras[view];
    const period = t.length > 1 ? (t[t.length - 1] - t[0]) / (t.length - 1) : 1;
    pulses(out, CAMERA_CHANNEL[view], t, () => 0.3 * period);
  }
  // imec_sync: a 1 Hz square wave, high for the first half of each second.
  const seconds = Array.from(
    { length: Math.floor(src.end) },
    (_, k) => k + 0.0123
  );
  pulses(out, 3, seconds, () => 0.5);
  const { trials } = src;
  // frame2ttl: the sync square is bright while the stimulus is on screen.
  pulses(out, 4, trials.stimOn_times, i =>
    trials.stimOff_times[i] > trials.stimOn_times[i]
      ? trials.stimOff_times[i] - trials.stimOn_times[i]
      : 0.05
  );
  // Rotary encoder: the wheel's timestamps are its fronts, phases A and B in turn.
  const level = [-1, -1];
  src.wheelTimestamps.forEach((time, i) => {
    const phase = i % 2;
    level[phase] = -level[phase];
    out.push({ time, polarity: level[phase] as 1 | -1, channel: 5 + phase });
  });
  // audio: 100 ms go cue tones, and 500 ms error tones after wrong choices.
  pulses(out, 7, trials.goCue_times, () => 0.1);
  const errors = Array.from(trials.feedback_times, (t, i) =>
    trials.feedbackType[i] === -1n && t > trials.goCue_times[i] + 0.1 ? t : NaN
  );
  pulses(out, 7, errors, () => 0.5);
  // bpod (analog AI0, thresholded → channel 16): a 1 ms TTL at each trial start.
  pulses(
    out,
    16,
    trials.intervals.filter((_, i) => i % 2 === 0),
    () => 0.001
  );
  return out.sort((a, b) => a.time - b.time || a.channel - b.channel);
}

/** Write the three `_spikeglx_sync` arrays and the wiring file into `rawEphysDir`. */
export function writeNidqSync(rawEphysDir: string, src: ISyncSources): void {
  fs.mkdirSync(rawEphysDir, { recursive: true });
  const fronts = nidqFronts(src);
  writeNpy(
    path.join(rawEphysDir, '_spikeglx_sync.times.npy'),
    '<f8',
    Float64Array.from(fronts, f => f.time)
  );
  writeNpy(
    path.join(rawEphysDir, '_spikeglx_sync.polarities.npy'),
    '<f8',
    Float64Array.from(fronts, f => f.polarity)
  );
  writeNpy(
    path.join(rawEphysDir, '_spikeglx_sync.channels.npy'),
    '<i8',
    BigInt64Array.from(fronts, f => BigInt(f.channel))
  );
  fs.writeFileSync(
    path.join(rawEphysDir, NIDQ_WIRING_FILE),
    JSON.stringify(NIDQ_WIRING, null, 2) + '\n'
  );
}
