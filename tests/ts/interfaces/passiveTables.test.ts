import { describe, expect, it } from 'vitest';

import {
  gaborRowsToKeep,
  replayEvents
} from '../../../src/convert/interfaces/passive/passiveTables';

describe('passive protocol tables', () => {
  it('lists every valve, tone and noise event sorted by onset', () => {
    const events = replayEvents({
      valveOn: [5, 1],
      valveOff: [5.1, 1.1],
      toneOn: [3, NaN],
      toneOff: [3.1, NaN],
      noiseOn: [2],
      noiseOff: [2.5]
    });
    expect(Array.from(events.start)).toEqual([1, 2, 3, 5]);
    expect(Array.from(events.stop)).toEqual([1.1, 2.5, 3.1, 5.1]);
    expect(events.stimType).toEqual(['valve', 'noise', 'tone', 'valve']);
  });

  it('drops Gabor rows that start before the previous one ended', () => {
    expect(gaborRowsToKeep([0, 1, 0.5, 2], [0.3, 1.3, 0.8, 2.3])).toEqual([
      0, 1, 3
    ]);
    // touching within 1 ms is not an overlap
    expect(gaborRowsToKeep([0, 0.2995], [0.3, 0.6])).toEqual([0, 1]);
  });
});
