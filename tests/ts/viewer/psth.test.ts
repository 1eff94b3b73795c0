import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  alignSpikes,
  lowerBound,
  sortedTimes
} from '../../../src/viewer/spikes/align';
import {
  binCounts,
  binEdges,
  groupPsth,
  meanSem
} from '../../../src/viewer/spikes/psth';
import {
  combineLabels,
  compareLabels,
  groupTrials,
  isGroupable
} from '../../../src/viewer/spikes/trialGroups';

const times = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), {
  maxLength: 300
});
const events = fc.array(
  fc.oneof(fc.double({ min: -5, max: 105, noNaN: true }), fc.constant(NaN)),
  { maxLength: 40 }
);

describe('alignSpikes', () => {
  it('keeps exactly the spikes with pre <= t - event < post (brute force)', () => {
    fc.assert(
      fc.property(times, events, (raw, ev) => {
        const spikes = sortedTimes(raw);
        const aligned = alignSpikes(spikes, ev, -0.5, 1);
        expect(aligned).toHaveLength(ev.length);
        ev.forEach((e, i) => {
          const expected = Number.isNaN(e)
            ? []
            : [...spikes].map(s => s - e).filter(t => t >= -0.5 && t < 1);
          expect(Array.from(aligned[i])).toEqual(expected);
        });
      })
    );
  });

  it('sorts an unsorted train and bisects like a linear scan', () => {
    fc.assert(
      fc.property(
        times,
        fc.double({ min: -1, max: 101, noNaN: true }),
        (raw, x) => {
          const sorted = sortedTimes(raw);
          expect(Array.from(sorted)).toEqual([...raw].sort((a, b) => a - b));
          const linear = [...sorted].findIndex(v => v >= x);
          expect(lowerBound(sorted, x)).toBe(
            linear === -1 ? sorted.length : linear
          );
        }
      )
    );
  });
});

describe('PSTH binning and mean ± SEM', () => {
  it('counts each aligned spike in the bin whose edges hold it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.5, max: 1, noNaN: true }), {
          maxLength: 200
        }),
        fc.double({ min: 0.005, max: 0.5, noNaN: true }),
        (spikes, width) => {
          const edges = binEdges(-0.5, 1, width);
          const counts = binCounts(spikes, edges);
          const last = edges.length - 2;
          const brute = Array.from(
            counts,
            (_, b) =>
              spikes.filter(
                t =>
                  t >= edges[b] &&
                  (t < edges[b + 1] || (b === last && t <= edges[b + 1]))
              ).length
          );
          expect(Array.from(counts)).toEqual(brute);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(spikes.length);
        }
      )
    );
  });

  it('binEdges spans the window with equal bins', () => {
    const edges = binEdges(-0.5, 1, 0.02);
    expect(edges).toHaveLength(76);
    expect(edges[0]).toBe(-0.5);
    expect(edges[75]).toBe(1);
  });

  it('mean and SEM match the textbook formulas', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.integer({ min: 0, max: 20 }), {
            minLength: 3,
            maxLength: 3
          }),
          {
            minLength: 0,
            maxLength: 12
          }
        ),
        rows => {
          const { mean, sem, n } = meanSem(rows, 3);
          expect(n).toBe(rows.length);
          for (let b = 0; b < 3; b++) {
            const column = rows.map(r => r[b]);
            if (column.length === 0) {
              expect(mean[b]).toBeNaN();
              continue;
            }
            const m = column.reduce((a, v) => a + v, 0) / column.length;
            expect(mean[b]).toBeCloseTo(m, 9);
            const sd =
              column.length > 1
                ? Math.sqrt(
                    column.reduce((a, v) => a + (v - m) ** 2, 0) /
                      (column.length - 1)
                  )
                : 0;
            expect(sem[b]).toBeCloseTo(sd / Math.sqrt(column.length), 9);
          }
        }
      )
    );
  });

  it('groupPsth turns counts into rates per group', () => {
    const aligned = [[0.01, 0.02, 0.35], [0.05], [0.31, 0.32]].map(a =>
      Float64Array.from(a)
    );
    const edges = binEdges(0, 0.4, 0.1);
    const [left, right] = groupPsth(
      aligned,
      [
        { label: 'left', trials: [0, 1] },
        { label: 'right', trials: [2] }
      ],
      edges
    );
    // Trial 0: 2 spikes in bin 0 (20 Hz), 1 in bin 3; trial 1: 1 in bin 0.
    expect(Array.from(left.mean).map(v => Math.round(v))).toEqual([
      15, 0, 0, 5
    ]);
    expect(left.sem[0]).toBeCloseTo(5, 9);
    expect(Array.from(right.mean).map(v => Math.round(v))).toEqual([
      0, 0, 0, 20
    ]);
    expect(right.n).toBe(1);
  });
});

describe('trial groups', () => {
  it('partition the kept trials by value, numbers in numeric order and NaN last', () => {
    const values = ['1', '0.25', 'NaN', '0.0625', '1', '0.25', 'NaN'];
    const groups = groupTrials(values.length, t => t !== 4, values);
    expect(groups).toEqual([
      { label: '0.0625', trials: [3] },
      { label: '0.25', trials: [1, 5] },
      { label: '1', trials: [0] },
      { label: 'NaN', trials: [2, 6] }
    ]);
  });

  it('without a column, all kept trials form one group', () => {
    expect(groupTrials(3, t => t > 0)).toEqual([
      { label: 'all trials', trials: [1, 2] }
    ]);
  });

  it('only columns with 2…12 distinct values group', () => {
    expect(isGroupable(['a', 'a'])).toBe(false);
    expect(isGroupable(['a', 'b'])).toBe(true);
    expect(isGroupable(Array.from({ length: 13 }, (_, i) => String(i)))).toBe(
      false
    );
  });

  it('two columns combine into one label per trial, ordered part by part', () => {
    const contrast = ['0.25', '1', '0.25', 'NaN', '1'];
    const side = ['right', 'left', 'left', 'left', 'left'];
    const labels = combineLabels(contrast, side)!;
    expect(labels[0]).toBe('0.25 · right');
    expect(combineLabels(undefined, side)).toBe(side);
    expect(groupTrials(5, () => true, labels).map(g => g.label)).toEqual([
      '0.25 · left',
      '0.25 · right',
      '1 · left',
      'NaN · left'
    ]);
  });

  it('compareLabels is a consistent order (antisymmetric, transitive on samples)', () => {
    const part = fc.oneof(
      fc.constantFrom('NaN', 'left', 'right', '-1', '0', '0.0625', '10'),
      fc.integer({ min: -5, max: 5 }).map(String)
    );
    const label = fc
      .array(part, { minLength: 1, maxLength: 2 })
      .map(p => p.join(' · '));
    fc.assert(
      fc.property(label, label, label, (a, b, c) => {
        expect(Math.sign(compareLabels(a, b))).toBe(
          -Math.sign(compareLabels(b, a)) || 0
        );
        if (compareLabels(a, b) <= 0 && compareLabels(b, c) <= 0) {
          expect(compareLabels(a, c)).toBeLessThanOrEqual(0);
        }
      })
    );
  });
});
