/**
 * Alyx stores session times as naive local wall-clock times of the lab; NWB
 * needs an explicit UTC offset. The lab record carries an IANA time zone.
 */

const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/;
const NAIVE_ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;

export function hasUtcOffset(iso: string): boolean {
  return OFFSET_SUFFIX.test(iso.trim());
}

/** Offset of `timeZone` from UTC at the instant `utcMillis`, in minutes. */
export function utcOffsetMinutes(timeZone: string, utcMillis: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit'
  }).formatToParts(new Date(utcMillis));
  const get = (type: string) => Number(parts.find(p => p.type === type)?.value);
  const wallAsUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second')
  );
  const truncated = Math.floor(utcMillis / 1000) * 1000;
  return Math.round((wallAsUtc - truncated) / 60000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Attach the UTC offset that `timeZone` had at the naive local time `naive`
 * (e.g. "2021-05-10T13:47:23.1234" in "Europe/London" → "…+01:00").
 * Times that already carry an offset are returned unchanged.
 */
export function withTimeZone(naive: string, timeZone: string): string {
  const text = naive.trim().replace(' ', 'T');
  if (hasUtcOffset(text)) {
    return text;
  }
  const m = NAIVE_ISO.exec(text);
  if (!m) {
    throw new Error(`"${naive}" is not an ISO 8601 date-time.`);
  }
  if (!isKnownTimeZone(timeZone)) {
    throw new Error(
      `"${timeZone}" is not a known IANA time zone (e.g. "Europe/London").`
    );
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const wallAsUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // The offset at the wall time is found by a fixed point: guess, then correct
  // once (twice covers DST transitions).
  let offset = utcOffsetMinutes(timeZone, wallAsUtc);
  offset = utcOffsetMinutes(timeZone, wallAsUtc - offset * 60000);
  const withSeconds =
    m[4] === undefined
      ? `${text}T00:00:00`
      : m[6] === undefined
        ? `${text}:00`
        : text;
  return `${withSeconds}${formatOffset(offset)}`;
}
