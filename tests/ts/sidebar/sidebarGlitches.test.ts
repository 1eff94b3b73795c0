/**
 * Small sidebar honesty fixes (issue 15, point 3): each is a message that said
 * something untrue or unhelpful.
 */
import { describe, expect, it } from 'vitest';

import {
  settledReport,
  type IConversionReport
} from '../../../src/convert/report';
import { METADATA_SCHEMA } from '../../../src/convert/metadata/schema';
import { jobEndNote } from '../../../src/sidebar/convert/jobEndNote';
import { summarizeReport } from '../../../src/sidebar/jobs/reportSummary';
import { listNeedsItems } from '../../../src/sidebar/metadata/formSections';
import { filtersProblem } from '../../../src/sidebar/SearchForm';

describe('a reversed date range', () => {
  it('is named, with what to do, instead of searching for nothing', () => {
    expect(
      filtersProblem({
        cache: '',
        dateFrom: '2024-05-02',
        dateTo: '2024-05-01'
      })
    ).toBe('From (2024-05-02) is after To (2024-05-01): swap the dates.');
    expect(
      filtersProblem({
        cache: '',
        dateFrom: '2024-05-01',
        dateTo: '2024-05-01'
      })
    ).toBeNull();
    expect(filtersProblem({ cache: '', dateFrom: '2024-05-01' })).toBeNull();
  });
});

describe('the convert note', () => {
  it('stops saying "Converting to" once the job has ended', () => {
    expect(jobEndNote({ status: 'running', output: 'a.nwb' })).toBeNull();
    expect(jobEndNote({ status: 'queued', output: 'a.nwb' })).toBeNull();
    expect(jobEndNote({ status: 'cancelled', output: 'a.nwb' })).toEqual({
      error: false,
      text: 'Conversion to a.nwb was cancelled; nothing was written.'
    });
    expect(jobEndNote({ status: 'failed', output: 'a.nwb' })?.error).toBe(true);
    expect(jobEndNote({ status: 'done', output: 'a.nwb' })?.text).toMatch(
      /^Converted to a.nwb/
    );
  });
});

const stopped = (status: IConversionReport['status']): IConversionReport => ({
  eid: 'e',
  output: 'x.nwb',
  status,
  started: '',
  finished: '',
  interfaces: [
    {
      name: 'trials',
      title: 'Trials table',
      status: 'written',
      arrays: [{ source: 'a.npy', target: '/a', equal: true, kind: 'copied' }]
    },
    { name: 'wheel', title: 'Wheel', status: 'not run', arrays: [] }
  ]
});

describe('the report of a stopped run', () => {
  it('calls nothing "written": the unfinished file was removed', () => {
    for (const status of ['cancelled', 'failed'] as const) {
      const settled = settledReport(stopped(status));
      expect(settled.interfaces.map(i => i.status)).toEqual([
        'discarded',
        'not run'
      ]);
      expect(settled.interfaces[0].reason).toMatch(/unfinished file/);
      const summary = summarizeReport(settled);
      expect(summary.written).toEqual([]);
      expect(summary.discarded).toEqual(['Trials table']);
      expect(summary.verified).toBe(false);
    }
  });

  it('is read the same way from an older report that still says "written"', () => {
    const summary = summarizeReport(stopped('cancelled'));
    expect(summary.written).toEqual([]);
    expect(summary.discarded).toEqual(['Trials table']);
  });

  it('leaves a finished run as it was', () => {
    const done = stopped('done');
    expect(settledReport(done)).toBe(done);
    expect(summarizeReport(done).written).toEqual(['Trials table']);
  });
});

describe('a list field in the metadata form', () => {
  it('is marked required only when it needs items', () => {
    expect(listNeedsItems(true, { minItems: 0 })).toBe(false);
    expect(listNeedsItems(true, {})).toBe(false);
    expect(listNeedsItems(true, { minItems: 1 })).toBe(true);
    expect(listNeedsItems(false, { minItems: 1 })).toBe(false);
  });

  it('is so for related publications, which may stay empty', () => {
    const nwbFile = METADATA_SCHEMA.properties.NWBFile;
    expect(nwbFile.required).toContain('related_publications');
    expect(listNeedsItems(true, nwbFile.properties.related_publications)).toBe(
      false
    );
  });
});
