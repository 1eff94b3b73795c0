/**
 * What the release writes for each device of a NIDQ wiring file
 * (`SYNC_WIRING_DIGITAL`: `P0.x` → device): the `/acquisition/Events<Device>`
 * name, a description, and the label of each front with its meaning (the
 * release appends the meanings to the description, as neuroconv's NIDQ
 * interface does). Label index 0 is a falling front (IBL polarity -1), 1 a
 * rising one (+1). Laser lines are left out, as the release does.
 */

export interface ISyncDevice {
  /** NWB object name, e.g. `EventsLeftCamera`. */
  name: string;
  description: string;
  /** [falling front, rising front]. */
  labels: [string, string];
  meanings: [string, string];
}

/** Devices the release does not write (optogenetics lines, absent in most sessions). */
export const EXCLUDED_DEVICES = new Set(['laser', 'laser_ttl']);

function camera(view: string): Omit<ISyncDevice, 'name'> {
  return {
    description: `Frame TTL of the ${view} camera, recorded by the NIDQ board (session clock). IBL's camera times are its rising fronts.`,
    labels: ['exposure_end', 'frame_start'],
    meanings: [
      'falling front: the exposure of the frame ended',
      'rising front: the camera started a frame'
    ]
  };
}

function fronts(description: string): Omit<ISyncDevice, 'name'> {
  return {
    description,
    labels: ['falling', 'rising'],
    meanings: ['the TTL went low', 'the TTL went high']
  };
}

const KNOWN: Record<string, Omit<ISyncDevice, 'name'>> = {
  left_camera: camera('left'),
  right_camera: camera('right'),
  body_camera: camera('body'),
  imec_sync: fronts(
    'The 1 Hz square wave the NIDQ board sends to every probe: its fronts align the probes to the session clock.'
  ),
  frame2ttl: fronts(
    "Photodiode on the screen's sync square (frame2ttl): each front is a change of the square between bright and dark."
  ),
  rotary_encoder_0: fronts("Phase A of the wheel's rotary encoder."),
  rotary_encoder_1: fronts("Phase B of the wheel's rotary encoder."),
  audio: fronts(
    'TTL of the sound card: a rising front at the onset and a falling one at the end of each go cue or error tone.'
  ),
  bpod: fronts('TTL of the Bpod state machine (trial start, valve, …).')
};

/** `rotary_encoder_0` → `RotaryEncoder0`, `frame2ttl` → `Frame2ttl`. */
function pascal(name: string): string {
  return name
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map(w => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** The release's object for a wired device; a device it does not know gets neutral labels. */
export function syncDevice(device: string, pin: string): ISyncDevice {
  const known = KNOWN[device];
  return {
    name: `Events${pascal(device)}`,
    ...(known ??
      fronts(
        `TTL of ${device} on the NIDQ digital line ${pin}, recorded by the NIDQ board (session clock).`
      ))
  };
}

/** The description with the label meanings appended, as the release writes it. */
export function describedWithMeanings(device: ISyncDevice): string {
  const lines = device.labels.map(
    (label, i) => `  - ${label}: ${device.meanings[i]}`
  );
  return `${device.description}\n\nLabel meanings:\n${lines.join('\n')}`;
}
