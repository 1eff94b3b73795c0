/**
 * Pure parts of the real-data quirk handling (#19.1, .2, .6, .8): time order, the spike sort,
 * block probabilities with float noise, and the skip of an interface whose data are empty.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { runInterfaces } from '../../../src/convert/converter';
import {
  IModalityInterface,
  InterfaceSkipped,
  noRowsReason
} from '../../../src/convert/modality';
import { summarizeReport } from '../../../src/convert/report';
import { timeOrder } from '../../../src/convert/interfaces/spikeSorting/probeSpikes';
import {
  blockIndex,
  blockType
} from '../../../src/convert/interfaces/trials/trialsColumns';
import {
  DatasetContentError,
  DatasetRowError,
  firstDescendingRow,
  requireAscending,
  requireFinite
} from '../../../src/convert/session/errors';

describe('requireFinite and firstDescendingRow on every array type', () => {
  // float64 arrays take a loop of their own (errors.ts): the same answers as the others.
  const kinds = [
    (v: number[]) => v,
    (v: number[]) => Float64Array.from(v),
    (v: number[]) => Float32Array.from(v)
  ];
  it.each([NaN, Infinity, -Infinity])('names the first row holding %s', bad => {
    for (const kind of kinds) {
      const values = kind([0, 1, 2, bad, 4, bad]);
      expect(() => requireFinite(values, 'alf/x.times.npy')).toThrow(
        new RegExp(`alf/x\\.times\\.npy.*row 3 is ${bad}`)
      );
      expect(() =>
        requireFinite(kind([0, 1, 2]), 'alf/x.times.npy')
      ).not.toThrow();
    }
  });
  it('finds the first row smaller than the one before', () => {
    for (const kind of kinds) {
      expect(firstDescendingRow(kind([0, 1, 1, 3, 2, 1]))).toBe(4);
      expect(firstDescendingRow(kind([0, 1, 1, 3]))).toBe(-1);
      expect(firstDescendingRow(kind([]))).toBe(-1);
    }
  });
});

describe('requireAscending', () => {
  it('names the dataset and the first row that goes back, and carries the row', () => {
    const t = [0, 1, 1, 2, 1.5, 0.5];
    expect(firstDescendingRow(t)).toBe(4);
    let error: unknown;
    try {
      requireAscending(t, 'alf/_ibl_wheel.timestamps.npy', 'wheel timestamps');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetContentError);
    expect(error).toBeInstanceOf(DatasetRowError);
    expect((error as DatasetRowError).row).toBe(4);
    expect((error as Error).message).toMatch(
      /^alf\/_ibl_wheel\.timestamps\.npy: wheel timestamps must be in ascending order but row 4 \(1\.5\) is earlier than row 3 \(2\)/
    );
  });

  it('accepts equal neighbours, empty and single arrays', () => {
    expect(() => requireAscending([1, 1, 1], 'x')).not.toThrow();
    expect(() => requireAscending([], 'x')).not.toThrow();
    expect(() => requireAscending([3], 'x')).not.toThrow();
  });

  it('agrees with a sort on any array', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), values => {
        const sorted = values.every((v, i) => i === 0 || v >= values[i - 1]);
        expect(firstDescendingRow(values) === -1).toBe(sorted);
      })
    );
  });
});

describe('timeOrder', () => {
  it('is a stable sort: equal times keep their file order', () => {
    const times = [3, 1, 2, 1, 3, 0];
    expect(Array.from(timeOrder(times))).toEqual([5, 1, 3, 2, 0, 4]);
  });

  it('sorts any times and leaves sorted ones untouched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true })),
        times => {
          const order = timeOrder(times);
          const sorted = Array.from(order, i => times[i]);
          expect(firstDescendingRow(sorted)).toBe(-1);
          expect([...order].sort((a, b) => a - b)).toEqual(
            times.map((_, i) => i)
          );
          const again = timeOrder(sorted);
          expect(Array.from(again)).toEqual(sorted.map((_, i) => i));
        }
      )
    );
  });
});

describe('block probabilities with float noise', () => {
  it('names IBL blocks within 1e-6 and keeps other priors as p=', () => {
    expect(blockType([1 - 0.8, 0.1 * 8, 0.5 + 1e-12, 0.2 + 2e-6, 0.7])).toEqual(
      ['right_block', 'left_block', 'unbiased', 'p=0.200002', 'p=0.7']
    );
  });

  it('does not start a block on rounding noise', () => {
    const p = [0.5, 0.5 + 1e-12, 1 - 0.8, 0.2, 0.1 * 8, 0.8, 0.2];
    expect(Array.from(blockIndex(p))).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});

describe('an interface whose data turn out empty', () => {
  const empty: IModalityInterface<null> = {
    name: 'licks',
    title: 'Lick times',
    datasets: () => [],
    availability: () => ({ available: true }),
    write: () =>
      Promise.reject(new InterfaceSkipped(noRowsReason('alf/licks.times.npy')))
  };
  const after: IModalityInterface<null> = {
    ...empty,
    name: 'after',
    title: 'After',
    write: () => Promise.resolve([])
  };

  it('is skipped with the reason, and the run goes on', async () => {
    const events: string[] = [];
    const report = await runInterfaces({
      eid: 'e',
      output: 'o.nwb',
      context: null,
      interfaces: [empty, after],
      onEvent: e => events.push(e.type)
    });
    expect(report.status).toBe('done');
    expect(report.interfaces[0]).toMatchObject({
      status: 'skipped',
      reason: 'alf/licks.times.npy has no rows'
    });
    expect(report.interfaces[1].status).toBe('written');
    expect(events).toContain('skipped');
  });

  it('prints report notes in the summary', () => {
    const text = summarizeReport({
      eid: 'e',
      output: 'o.nwb',
      status: 'done',
      started: '',
      finished: '',
      interfaces: [],
      notes: [{ step: 'pupil', message: 'dropped the last 3 rows' }]
    });
    expect(text).toContain('  note pupil: dropped the last 3 rows');
  });
});
