import { describe, expect, it } from 'vitest';

import {
  utcOffsetMinutes,
  withTimeZone
} from '../../../src/convert/metadata/timezone';

describe('withTimeZone', () => {
  it('attaches summer and winter offsets of the lab time zone', () => {
    expect(withTimeZone('2021-05-10T13:47:23.123456', 'Europe/London')).toBe(
      '2021-05-10T13:47:23.123456+01:00'
    );
    expect(withTimeZone('2021-01-10T13:47:23', 'Europe/London')).toBe(
      '2021-01-10T13:47:23+00:00'
    );
    expect(withTimeZone('2020-07-01T09:00:00', 'America/New_York')).toBe(
      '2020-07-01T09:00:00-04:00'
    );
    expect(withTimeZone('2020-12-01T09:00:00', 'America/New_York')).toBe(
      '2020-12-01T09:00:00-05:00'
    );
  });

  it('handles the hours either side of a DST change', () => {
    // Europe/Lisbon moved to summer time at 01:00 local on 2021-03-28.
    expect(withTimeZone('2021-03-28T00:30:00', 'Europe/Lisbon')).toBe(
      '2021-03-28T00:30:00+00:00'
    );
    expect(withTimeZone('2021-03-28T03:30:00', 'Europe/Lisbon')).toBe(
      '2021-03-28T03:30:00+01:00'
    );
  });

  it('keeps times that already have an offset and completes dates', () => {
    expect(withTimeZone('2021-05-10T13:47:23Z', 'Europe/London')).toBe(
      '2021-05-10T13:47:23Z'
    );
    expect(withTimeZone('2021-05-10', 'Europe/London')).toBe(
      '2021-05-10T00:00:00+01:00'
    );
    expect(withTimeZone('2021-05-10 13:47', 'Europe/London')).toBe(
      '2021-05-10T13:47:00+01:00'
    );
  });

  it('refuses unknown zones and non-dates with a message naming them', () => {
    expect(() => withTimeZone('2021-05-10T13:47:23', 'Mars/Olympus')).toThrow(
      /Mars\/Olympus/
    );
    expect(() => withTimeZone('yesterday', 'Europe/London')).toThrow(
      /yesterday/
    );
  });

  it('computes offsets for half-hour zones', () => {
    expect(utcOffsetMinutes('Asia/Kolkata', Date.UTC(2022, 0, 1))).toBe(330);
  });
});
