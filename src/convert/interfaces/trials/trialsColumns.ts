/**
 * ALF trials → the DANDI 000409 `/intervals/trials` columns (pure). Names,
 * order and derivations follow the 2026 Brain Wide Map release.
 */
import { DatasetContentError } from '../../session/errors';

/** Renamed time / numeric columns: NWB name, ALF attribute, description. */
export const TRIAL_TIME_COLUMNS: [string, string, string][] = [
  [
    'quiescence_period',
    'quiescencePeriod',
    'Required quiescence period before the stimulus appears, in seconds.'
  ],
  [
    'gabor_stimulus_onset_time',
    'stimOn_times',
    'Time of the visual (Gabor) stimulus onset, in seconds.'
  ],
  [
    'auditory_cue_time',
    'goCue_times',
    'Time of the auditory go cue, in seconds.'
  ],
  [
    'wheel_movement_onset_time',
    'firstMovement_times',
    'Time of the first wheel movement after the go cue, in seconds.'
  ],
  [
    'choice_registration_time',
    'response_times',
    'Time the choice was registered (wheel reached threshold or timeout), in seconds.'
  ],
  [
    'feedback_time',
    'feedback_times',
    'Time of feedback delivery (reward or noise), in seconds.'
  ],
  [
    'gabor_stimulus_offset_time',
    'stimOff_times',
    'Time the visual stimulus disappeared, in seconds.'
  ]
];

/** Signed contrast in percent: the side that has a stimulus, rounded to 2 decimals. */
export function stimulusContrast(
  left: ArrayLike<number>,
  right: ArrayLike<number>
): Float64Array {
  return Float64Array.from({ length: left.length }, (_, i) => {
    const value = Number.isNaN(left[i]) ? right[i] : left[i];
    return Math.round(value * 100 * 100) / 100;
  });
}

export function stimulusSide(
  left: ArrayLike<number>,
  right: ArrayLike<number>
): string[] {
  return Array.from({ length: left.length }, (_, i) =>
    !Number.isNaN(left[i]) ? 'left' : !Number.isNaN(right[i]) ? 'right' : 'none'
  );
}

/** IBL choice −1/0/+1 → the wheel turn as seen by the mouse. */
export function wheelChoice(choice: ArrayLike<number>): string[] {
  return Array.from(choice, (c, i) => {
    if (c === -1) {
      return 'counter_clockwise';
    }
    if (c === 1) {
      return 'clockwise';
    }
    if (c === 0) {
      return 'none';
    }
    throw new DatasetContentError(
      'trials.choice',
      `row ${i} is ${c}; choice must be -1, 0 or 1`
    );
  });
}

export function isRewarded(feedbackType: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(feedbackType, f => (f === 1 ? 1 : 0));
}

/**
 * How far a probabilityLeft may be from an IBL block value and still be it.
 * The task writes 0.5, 0.2 and 0.8, but tables that went through arithmetic
 * (1 - 0.8 = 0.19999999999999996) or float32 carry rounding noise far below
 * this; no IBL protocol uses block probabilities closer than 0.1 apart.
 */
export const BLOCK_TOLERANCE = 1e-6;

/** IBL block probabilities → the release's block names. */
const BLOCKS: [number, string][] = [
  [0.5, 'unbiased'],
  [0.8, 'left_block'],
  [0.2, 'right_block']
];

function sameProbability(a: number, b: number): boolean {
  return Math.abs(a - b) <= BLOCK_TOLERANCE;
}

/** 0.5 / 0.8 / 0.2 (within BLOCK_TOLERANCE) → unbiased / left_block / right_block, else `p=<value>`. */
export function blockType(probabilityLeft: ArrayLike<number>): string[] {
  return Array.from(
    probabilityLeft,
    p => BLOCKS.find(([value]) => sameProbability(p, value))?.[1] ?? `p=${p}`
  );
}

/**
 * 0-based block counter that increments whenever probabilityLeft changes by
 * more than BLOCK_TOLERANCE (rounding noise does not start a new block).
 */
export function blockIndex(probabilityLeft: ArrayLike<number>): Int32Array {
  const out = new Int32Array(probabilityLeft.length);
  for (let i = 0; i < probabilityLeft.length; i++) {
    if (Number.isNaN(probabilityLeft[i])) {
      throw new DatasetContentError(
        'trials.probabilityLeft',
        `row ${i} is NaN; blocks cannot be numbered`
      );
    }
    out[i] =
      i === 0
        ? 0
        : out[i - 1] +
          (sameProbability(probabilityLeft[i], probabilityLeft[i - 1]) ? 0 : 1);
  }
  return out;
}
