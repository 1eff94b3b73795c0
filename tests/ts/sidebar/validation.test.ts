import { describe, expect, it } from 'vitest';

import {
  findingPlace,
  groupFindings,
  IFinding,
  IValidationSummary,
  validationHeadline
} from '../../../src/sidebar/jobs/validation';

const finding = (
  importance: IFinding['importance'],
  name: string
): IFinding => ({
  importance,
  check_name: name,
  message: `${name} message`,
  object_type: 'TimeSeries',
  object_name: 'position',
  location: '/acquisition/position',
  tool: 'nwbinspector'
});

const record = (
  status: IValidationSummary['status'],
  counts = [0, 0, 0],
  step: string | null = null
): IValidationSummary => ({
  id: 'v',
  path: 'a.nwb',
  status,
  step,
  counts: {
    CRITICAL: counts[0],
    BEST_PRACTICE_VIOLATION: counts[1],
    BEST_PRACTICE_SUGGESTION: counts[2]
  }
});

describe('validation findings', () => {
  it('are grouped most severe level first, each in the order found', () => {
    const groups = groupFindings([
      finding('BEST_PRACTICE_SUGGESTION', 's1'),
      finding('CRITICAL', 'c1'),
      finding('BEST_PRACTICE_SUGGESTION', 's2'),
      finding('CRITICAL', 'c2')
    ]);
    expect(groups.map(g => g.level)).toEqual([
      'CRITICAL',
      'BEST_PRACTICE_VIOLATION',
      'BEST_PRACTICE_SUGGESTION'
    ]);
    expect(groups.map(g => g.findings.map(f => f.check_name))).toEqual([
      ['c1', 'c2'],
      [],
      ['s1', 's2']
    ]);
  });

  it('are placed by location, else by object, else in the file', () => {
    const f = finding('CRITICAL', 'c');
    expect(findingPlace(f)).toBe('/acquisition/position');
    expect(findingPlace({ ...f, location: null })).toBe('TimeSeries position');
    expect(
      findingPlace({
        ...f,
        location: null,
        object_type: null,
        object_name: null
      })
    ).toBe('the file');
  });

  it('are summed up in one line per state', () => {
    expect(validationHeadline(record('done', [2, 0, 1]))).toBe(
      'Validated: 2 critical · 0 violations · 1 suggestion'
    );
    expect(validationHeadline(record('done'))).toBe('Validated: no findings');
    expect(validationHeadline(record('running', [1, 0, 0], 'dandi'))).toBe(
      'Validating with dandi validate… 1 found so far'
    );
    expect(validationHeadline(record('unavailable'))).toMatch(/no validator/);
    expect(validationHeadline(record('queued'))).toMatch(/waiting/);
  });
});
