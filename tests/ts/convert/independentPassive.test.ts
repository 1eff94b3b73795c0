/** The independent passive-table recomputations, on hand-written rows. */
import { describe, expect, it } from 'vitest';

import type { Recomputed } from '../../../src/convert/fidelity/expected';
import {
  recomputeGaborColumn,
  recomputeReplay
} from '../../../src/convert/fidelity/independent/passive';

const values = (r: Recomputed) =>
  Array.from(r.expected as ArrayLike<number | string>);

describe('independent passive recomputations', () => {
  it('lists every replayed event by onset, ties in valve / tone / noise order', () => {
    const replay = recomputeReplay({
      valveOn: [5, NaN, 2],
      valveOff: [5.1, NaN, 2.1],
      toneOn: [2, 9],
      toneOff: [2.2, 9.1],
      noiseOn: [1],
      noiseOff: [NaN]
    });
    expect(values(replay.start)).toEqual([1, 2, 2, 5, 9]);
    expect(values(replay.stop)).toEqual([NaN, 2.1, 2.2, 5.1, 9.1]);
    expect(values(replay.stimType)).toEqual([
      'noise',
      'valve',
      'tone',
      'valve',
      'tone'
    ]);
  });

  it('drops Gabor patches that start more than 1 ms before the shown one ends', () => {
    const start = [10, 10.3, 10.5995, 10.898, 11, 12, 12.1, 12.3];
    const stop = [10.3, 10.6, 10.9, 11.2, 11.1, 12.3, 12.2, 12.6];
    const row = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(values(recomputeGaborColumn(start, stop, row, 'row'))).toEqual([
      0, 1, 2, 4, 5, 7
    ]);
  });
});
