import { describe, expect, it } from 'vitest';

import { describeKinds } from '../../../src/convert/fidelity/kindSummary';
import type { IArrayCheck } from '../../../src/convert/modality';

const check = (kind: IArrayCheck['kind'], equal = true): IArrayCheck => ({
  source: 's',
  target: 't',
  elements: 1,
  equal,
  ...(kind ? { kind } : {})
});

describe('describeKinds', () => {
  it('says "identical to source" only of copied arrays', () => {
    const text = describeKinds([
      check('copied'),
      check('copied'),
      check('derived-independent'),
      check('derived-unchecked'),
      check(undefined), // an older report: no kind, so not claimed checked
      check('copied', false)
    ]);
    expect(text).toBe(
      '2 copied arrays identical to source, 1 derived array equal to an independent recomputation, 2 derived arrays read back as written (not independently checked)'
    );
  });

  it('never says "identical to source" when nothing was copied', () => {
    expect(describeKinds([check('derived-unchecked')])).not.toMatch(
      /identical to source/
    );
  });
});
