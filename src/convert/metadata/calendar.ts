/**
 * Dates that have the right form but do not exist (month 13, 30 February, 25:61, offset +25:00)
 * pass a pattern; HDF5 stores them and pynwb then cannot open the file. This checks the
 * calendar itself, with the field named.
 */
import type { INwbMetadata } from './document';
import type { IMetadataProblem } from './validate';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (leap years included).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `value` (ISO 8601 date or date-time) is not a real moment, or undefined if it is. */
export function calendarProblem(value: string): string | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) {
    return undefined; // the schema's pattern reports the form
  }
  const [, y, mo, d, h, mi, s, zone, , oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  if (month < 1 || month > 12) {
    return `has month ${mo}: months are 01 to 12`;
  }
  const days = daysInMonth(year, month);
  if (Number(d) < 1 || Number(d) > days) {
    return `has day ${d}: ${y}-${mo} has ${days} days`;
  }
  if (h !== undefined && Number(h) > 23) {
    return `has hour ${h}: hours are 00 to 23`;
  }
  if (mi !== undefined && Number(mi) > 59) {
    return `has minute ${mi}: minutes are 00 to 59`;
  }
  if (s !== undefined && Number(s) > 59) {
    return `has second ${s}: seconds are 00 to 59`;
  }
  if (zone && zone !== 'Z' && (Number(oh) > 14 || Number(om) > 59)) {
    return `has UTC offset ${zone.slice(0, 1)}${oh}:${om}: offsets run from -12:00 to +14:00`;
  }
  return undefined;
}

/** Every date field of the document that names a day or time that does not exist. */
export function calendarProblems(document: INwbMetadata): IMetadataProblem[] {
  const fields: [string, string | undefined][] = [
    ['/NWBFile/session_start_time', document.NWBFile?.session_start_time],
    [
      '/NWBFile/timestamps_reference_time',
      document.NWBFile?.timestamps_reference_time
    ],
    ['/Subject/date_of_birth', document.Subject?.date_of_birth],
    ['/Ibl/end_time', document.Ibl?.end_time]
  ];
  const problems: IMetadataProblem[] = [];
  for (const [path, value] of fields) {
    const problem =
      typeof value === 'string' ? calendarProblem(value) : undefined;
    if (problem) {
      problems.push({ path, message: `${problem} ("${value}")` });
    }
  }
  return problems;
}
