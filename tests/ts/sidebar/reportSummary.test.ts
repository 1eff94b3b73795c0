import { describe, expect, it } from 'vitest';

import type { IConversionReport } from '../../../src/convert/report';
import { summarizeReport } from '../../../src/sidebar/jobs/reportSummary';

const report: IConversionReport = {
  eid: 'e',
  output: 'x.nwb',
  status: 'done',
  started: '',
  finished: '',
  interfaces: [
    {
      name: 'trials',
      title: 'Trials table',
      status: 'written',
      arrays: [
        { source: 'a.npy', target: '/a', equal: true, kind: 'copied' },
        {
          source: 'c.npy',
          target: '/c',
          equal: true,
          kind: 'derived-independent'
        },
        {
          source: 'd.npy',
          target: '/d',
          equal: true,
          kind: 'derived-unchecked'
        },
        { source: 'e.npy', target: '/e', equal: true },
        { source: 'b.npy', target: '/b', equal: false, detail: 'row 3: 1 ≠ 2' }
      ]
    },
    {
      name: 'licks',
      title: 'Lick times',
      status: 'skipped',
      reason: 'no licks.times',
      arrays: []
    },
    {
      name: 'pose',
      title: 'Pose',
      status: 'failed',
      reason: 'bad table',
      arrays: []
    },
    { name: 'passive', title: 'Passive', status: 'not run', arrays: [] }
  ]
} as IConversionReport;

describe('summarizeReport', () => {
  it('sorts interfaces by outcome and counts identical arrays', () => {
    const s = summarizeReport(report);
    expect(s.written).toEqual(['Trials table']);
    expect(s.skipped).toEqual([
      { title: 'Lick times', reason: 'no licks.times' }
    ]);
    expect(s.failed).toEqual([{ title: 'Pose', reason: 'bad table' }]);
    expect(s.notRun).toEqual(['Passive']);
    expect(s.arrays).toBe(5);
    expect(s.identical).toBe(4);
    // Only the copied array is identical to its source; a check without a kind is unchecked.
    expect(s.byKind).toEqual({ copied: 1, independent: 1, unchecked: 2 });
    expect(s.mismatches).toEqual([
      { source: 'b.npy', target: '/b', detail: 'row 3: 1 ≠ 2' }
    ]);
    expect(s.verified).toBe(true);
  });

  it('claims no comparison when the conversion stopped before verifying', () => {
    const s = summarizeReport({ ...report, status: 'failed' });
    expect(s.verified).toBe(false);
    expect(s.arrays).toBe(5);
    expect(s.identical).toBe(0);
    expect(s.mismatches).toEqual([]);
  });
});
