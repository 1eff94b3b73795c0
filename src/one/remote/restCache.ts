/**
 * ONE's REST response cache: GET responses kept with an expiry so that records
 * can be read again offline. The key is the request string exactly as sent
 * (relative path + query, e.g. `/sessions/<eid>`); stores decide where it lives.
 */

export interface IRestCacheEntry {
  value: unknown;
  expires: Date;
}

export interface IRestCache {
  /** The entry for a request string, expired or not; `null` if none (or unreadable). */
  read(key: string): Promise<IRestCacheEntry | null>;
  write(key: string, value: unknown, expires: Date): Promise<void>;
}

/** In-memory cache (browser, tests). */
export class MemoryRestCache implements IRestCache {
  private readonly entries = new Map<string, IRestCacheEntry>();

  async read(key: string): Promise<IRestCacheEntry | null> {
    return this.entries.get(key) ?? null;
  }

  async write(key: string, value: unknown, expires: Date): Promise<void> {
    this.entries.set(key, { value, expires });
  }
}

/** Python's naive local `datetime.isoformat()` (microseconds), as ONE writes expiries. */
export function pythonIsoLocal(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds() * 1000, 6)}`
  );
}

/** Parse ONE's naive ISO expiry as local time; `null` if it is not a date. */
export function parsePythonIso(text: unknown): Date | null {
  if (typeof text !== 'string') {
    return null;
  }
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(
      text
    );
  if (!m) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}
