/**
 * Independent recomputations of the derived `/intervals/trials` columns, written from IBL's
 * definitions of the ALF trials object (ibllib `alf/io` docs, "trials" table; the Brain Wide
 * Map release's column notes) and NOT from src/convert/interfaces/trials/trialsColumns.ts: the
 * fidelity report compares the written columns with these, so a bug in the transform shows
 * as a mismatch instead of "equal to itself".
 */
import { Recomputed } from '../expected';

/** probabilityLeft of IBL's blocks: 0.5 unbiased, 0.8 left-biased, 0.2 right-biased. */
const BLOCKS: [number, string][] = [
  [0.5, 'unbiased'],
  [0.8, 'left_block'],
  [0.2, 'right_block']
];

/** probabilityLeft is stored as float: 0.19999999999999996 is still the 0.2 block. */
const PROBABILITY_TOLERANCE = 1e-6;

function blockName(p: number): string | undefined {
  return BLOCKS.find(([q]) => Math.abs(p - q) <= PROBABILITY_TOLERANCE)?.[1];
}

/** block_type: the block of each trial's probabilityLeft (`p=<value>` for none of them). */
export function recomputeBlockType(
  probabilityLeft: ArrayLike<number>
): Recomputed {
  const names: string[] = [];
  for (let i = 0; i < probabilityLeft.length; i++) {
    const p = probabilityLeft[i];
    names.push(blockName(p) ?? `p=${p}`);
  }
  return new Recomputed(
    'block_type = the IBL block (0.5 unbiased, 0.8 left, 0.2 right, within 1e-6) of probabilityLeft',
    names
  );
}

/**
 * block_index: 0 for the first block, +1 at every trial whose block differs from the one
 * before: a change of probabilityLeft smaller than float noise (1e-6) is no new block.
 */
export function recomputeBlockIndex(
  probabilityLeft: ArrayLike<number>
): Recomputed {
  const index = new Float64Array(probabilityLeft.length);
  let block = 0;
  for (let i = 1; i < probabilityLeft.length; i++) {
    const change = Math.abs(probabilityLeft[i] - probabilityLeft[i - 1]);
    if (!(change <= PROBABILITY_TOLERANCE)) {
      block++;
    }
    index[i] = block;
  }
  return new Recomputed(
    'block_index = number of probabilityLeft changes (beyond 1e-6) before the trial',
    index
  );
}

/**
 * gabor_stimulus_contrast: IBL shows one stimulus per trial, on the side whose contrast is
 * not NaN; the release writes that contrast in percent, to 2 decimals (NaN: no stimulus).
 */
export function recomputeStimulusContrast(
  contrastLeft: ArrayLike<number>,
  contrastRight: ArrayLike<number>
): Recomputed {
  const percent = new Float64Array(contrastLeft.length);
  for (let i = 0; i < percent.length; i++) {
    const shown = [contrastLeft[i], contrastRight[i]].filter(c => c === c);
    percent[i] = shown.length ? Number((shown[0] * 100).toFixed(2)) : NaN;
  }
  return new Recomputed(
    'gabor_stimulus_contrast = 100 × the non-NaN of contrastLeft/contrastRight, 2 decimals',
    percent
  );
}

/** gabor_stimulus_side: the side whose contrast is a number. */
export function recomputeStimulusSide(
  contrastLeft: ArrayLike<number>,
  contrastRight: ArrayLike<number>
): Recomputed {
  const sides: string[] = [];
  for (let i = 0; i < contrastLeft.length; i++) {
    const left = contrastLeft[i] === contrastLeft[i];
    const right = contrastRight[i] === contrastRight[i];
    sides.push(left ? 'left' : right ? 'right' : 'none');
  }
  return new Recomputed(
    'gabor_stimulus_side = the side whose contrast is not NaN',
    sides
  );
}

/** IBL's choice: -1 the mouse turned the wheel counter-clockwise, +1 clockwise, 0 no-go. */
const CHOICE: Record<string, string> = {
  '-1': 'counter_clockwise',
  '0': 'none',
  '1': 'clockwise'
};

export function recomputeWheelChoice(choice: ArrayLike<number>): Recomputed {
  return new Recomputed(
    'mouse_wheel_choice = IBL choice -1 CCW / +1 CW / 0 no-go',
    Array.from(choice, c => CHOICE[String(c)] ?? `choice=${c}`)
  );
}

/** IBL's feedbackType: +1 reward, -1 error (white noise). */
export function recomputeRewarded(feedbackType: ArrayLike<number>): Recomputed {
  const rewarded = new Float64Array(feedbackType.length);
  for (let i = 0; i < rewarded.length; i++) {
    rewarded[i] = feedbackType[i] > 0 ? 1 : 0;
  }
  return new Recomputed(
    'is_mouse_rewarded = feedbackType is +1 (IBL: +1 reward, -1 error)',
    rewarded
  );
}
