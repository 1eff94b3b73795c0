import { describe, expect, it } from 'vitest';

import { calendarProblem } from '../../../src/convert/metadata/calendar';
import { metadataProblems } from '../../../src/convert/metadata';
import { METADATA_SCHEMA_VERSION } from '../../../src/convert/metadata/document';

/** A minimal valid document with this session start time. */
function document(start: string, birth?: string) {
  return {
    schema_version: METADATA_SCHEMA_VERSION,
    NWBFile: {
      identifier: 'e1',
      session_id: 'e1',
      session_description: 'A session.',
      session_start_time: start,
      experimenter: [],
      keywords: [],
      related_publications: []
    },
    Subject: {
      subject_id: 'KS074',
      sex: 'M',
      species: 'Mus musculus',
      date_of_birth: birth ?? '2021-03-01'
    },
    Probes: [],
    Ibl: { eid: 'e1', projects: [], extended_qc: {}, revisions: {} }
  };
}

describe('calendar dates of the metadata document (#11.7)', () => {
  it.each([
    ['2021-13-17T10:30:00+00:00', 'month 13'],
    ['2021-02-30T10:30:00+00:00', '2021-02 has 28 days'],
    ['2023-02-29T10:30:00Z', '2023-02 has 28 days'],
    ['2021-04-31T10:30:00Z', '2021-04 has 30 days'],
    ['2021-11-17T25:00:00Z', 'hour 25'],
    ['2021-11-17T10:61:00Z', 'minute 61'],
    ['2021-11-17T10:30:60Z', 'second 60'],
    ['2021-11-17T10:30:00+25:00', 'offset +25:00'],
    ['2021-11-17T10:30:00+01:75', 'offset +01:75'],
    ['2021-00-10T10:30:00Z', 'month 00'],
    ['2021-11-00T10:30:00Z', 'day 00']
  ])('refuses %s (%s) with the field named', (start, why) => {
    const problems = metadataProblems(document(start));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('/NWBFile/session_start_time');
    expect(problems[0].message).toContain(why.split(' ').pop()!);
  });

  it.each([
    '2024-02-29T10:30:00+01:00',
    '2000-02-29T00:00:00Z',
    '2021-12-31T23:59:59.999999-12:00',
    '2021-11-17T10:30+14:00'
  ])('accepts the real moment %s', start => {
    expect(metadataProblems(document(start))).toEqual([]);
  });

  it('checks the date of birth too', () => {
    const problems = metadataProblems(
      document('2021-11-17T10:30:00Z', '2021-02-29')
    );
    expect(problems.map(p => p.path)).toEqual(['/Subject/date_of_birth']);
  });

  it('agrees with the JavaScript calendar on every day of a leap and a common year', () => {
    for (const year of [2023, 2024, 1900, 2000]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const date = new Date(`${text}T12:00:00Z`);
          const real =
            !Number.isNaN(date.getTime()) &&
            date.getUTCDate() === day &&
            date.getUTCMonth() + 1 === month;
          expect(calendarProblem(`${text}T12:00:00Z`) === undefined).toBe(real);
        }
      }
    }
  });
});
