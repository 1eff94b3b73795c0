import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { fileOrderBatches } from '../../../src/viewer/spikes/fileOrder';

describe('fileOrderBatches', () => {
  it('keeps every range once, in file order, each batch within the span unless alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { maxLength: 40 }),
        fc.integer({ min: 1, max: 120 }),
        (lengths, span) => {
          // Consecutive trains of one dataset, asked for in a shuffled order.
          let at = 0;
          const ranges = lengths.map(n => [at, (at += n)] as [number, number]);
          const asked = ranges
            .map((r, k) => ({ r, key: (k * 7919) % 41 }))
            .sort((x, y) => x.key - y.key)
            .map(x => x.r);
          const batches = fileOrderBatches(asked, span);
          const flat = batches.flat();
          expect([...flat].sort((x, y) => x - y)).toEqual(
            asked.map((_, k) => k)
          );
          const starts = flat.map(k => asked[k][0]);
          expect(starts).toEqual([...starts].sort((x, y) => x - y));
          for (const batch of batches) {
            const from = asked[batch[0]][0];
            const to = asked[batch[batch.length - 1]][1];
            expect(batch.length === 1 || to - from <= span).toBe(true);
          }
        }
      )
    );
  });
});
