/** Subject age as NWB wants it: an ISO 8601 duration in whole days. */

const DAY_MS = 86400000;

/** Days between a birth date (YYYY-MM-DD) and a session start (ISO), as "P<n>D". */
export function ageAtSession(
  birthDate: string,
  sessionStart: string
): string | undefined {
  const birth = Date.parse(birthDate.slice(0, 10) + 'T00:00:00Z');
  const start = Date.parse(sessionStart.slice(0, 10) + 'T00:00:00Z');
  if (Number.isNaN(birth) || Number.isNaN(start) || start < birth) {
    return undefined;
  }
  return `P${Math.round((start - birth) / DAY_MS)}D`;
}
