import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  blockIndex,
  blockType,
  isRewarded,
  stimulusContrast,
  stimulusSide,
  wheelChoice
} from '../../../src/convert/interfaces/trials/trialsColumns';

describe('trials derivations (DANDI 000409)', () => {
  it('takes contrast and side from whichever contrast is not NaN', () => {
    const left = [NaN, 0.0625, NaN, 0];
    const right = [1, NaN, NaN, NaN];
    expect(Array.from(stimulusContrast(left, right))).toEqual([
      100,
      6.25,
      NaN,
      0
    ]);
    expect(stimulusSide(left, right)).toEqual([
      'right',
      'left',
      'none',
      'left'
    ]);
  });

  it('names choices as the mouse sees the wheel and rejects other values', () => {
    expect(wheelChoice([-1, 0, 1])).toEqual([
      'counter_clockwise',
      'none',
      'clockwise'
    ]);
    expect(() => wheelChoice([1, 2])).toThrow(/trials.choice: row 1 is 2/);
  });

  it('rewards only feedbackType 1 and names blocks', () => {
    expect(Array.from(isRewarded([1, -1, 1]))).toEqual([1, 0, 1]);
    expect(blockType([0.5, 0.8, 0.2, 0.7])).toEqual([
      'unbiased',
      'left_block',
      'right_block',
      'p=0.7'
    ]);
  });

  it('counts a new block at every change of probabilityLeft', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0.2, 0.5, 0.8), { minLength: 1 }),
        p => {
          const index = blockIndex(p);
          const changes = p.filter((v, i) => i > 0 && v !== p[i - 1]).length;
          expect(index[0]).toBe(0);
          expect(index[index.length - 1]).toBe(changes);
          for (let i = 1; i < p.length; i++) {
            expect(index[i] - index[i - 1]).toBe(p[i] === p[i - 1] ? 0 : 1);
          }
        }
      )
    );
    expect(() => blockIndex([0.5, NaN])).toThrow(
      /probabilityLeft: row 1 is NaN/
    );
  });
});
