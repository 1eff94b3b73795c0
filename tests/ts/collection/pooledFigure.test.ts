import { describe, expect, it } from 'vitest';

import { logHistogram } from '../../../src/collection/pooledFigure';

describe('logHistogram (firing rates of a region)', () => {
  it('counts every positive rate once, zeros apart, in log-spaced bins', () => {
    const { edges, counts, zeros } = logHistogram([0, 0.1, 1, 10, 100, 0], 3);
    expect(zeros).toBe(2);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(edges[0]).toBeCloseTo(0.1, 12);
    expect(edges[3]).toBeCloseTo(100, 9);
  });

  it('takes the rates of a whole Brain-Wide Map region set (no call-stack limit)', () => {
    const rates = Array.from({ length: 300_000 }, (_, i) => 0.01 + (i % 997));
    const { counts } = logHistogram(rates);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rates.length);
  });
});
