/** The independent trials recomputations follow IBL's definitions, on hand-written rows. */
import { describe, expect, it } from 'vitest';

import type { Recomputed } from '../../../src/convert/fidelity/expected';
import {
  recomputeBlockIndex,
  recomputeBlockType,
  recomputeRewarded,
  recomputeStimulusContrast,
  recomputeStimulusSide,
  recomputeWheelChoice
} from '../../../src/convert/fidelity/independent/trials';

const values = (r: Recomputed) =>
  Array.from(r.expected as ArrayLike<number | string>);

describe('independent trials recomputations', () => {
  it('names blocks within float noise and counts block changes', () => {
    const p = [
      0.5, 0.5, 0.8, 0.8000000000000002, 0.19999999999999996, 0.2, 0.3
    ];
    expect(values(recomputeBlockType(p))).toEqual([
      'unbiased',
      'unbiased',
      'left_block',
      'left_block',
      'right_block',
      'right_block',
      'p=0.3'
    ]);
    expect(values(recomputeBlockIndex(p))).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('takes contrast and side from the non-NaN contrast', () => {
    const left = [0.0625, NaN, NaN, 0];
    const right = [NaN, 1, NaN, NaN];
    expect(values(recomputeStimulusContrast(left, right))).toEqual([
      6.25,
      100,
      NaN,
      0
    ]);
    expect(values(recomputeStimulusSide(left, right))).toEqual([
      'left',
      'right',
      'none',
      'left'
    ]);
  });

  it('maps choice and feedback as IBL defines them', () => {
    expect(values(recomputeWheelChoice([-1, 0, 1]))).toEqual([
      'counter_clockwise',
      'none',
      'clockwise'
    ]);
    expect(values(recomputeRewarded([1, -1, 1]))).toEqual([1, 0, 1]);
  });
});
