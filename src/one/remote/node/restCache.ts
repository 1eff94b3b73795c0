/**
 * Node store of ONE's REST cache: `<cache dir>/.rest/<sha1 of request string>`
 * holding the JSON `[response, "<expiry ISO>"]`, interchangeable with Python ONE.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  IRestCache,
  IRestCacheEntry,
  parsePythonIso,
  pythonIsoLocal
} from '../restCache';

/** SHA-1 hex of the request string: the cache file name. */
export function restCacheKey(request: string): string {
  return createHash('sha1').update(request, 'utf8').digest('hex');
}

export class FileRestCache implements IRestCache {
  readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, '.rest');
  }

  async read(key: string): Promise<IRestCacheEntry | null> {
    const file = join(this.dir, restCacheKey(key));
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = JSON.parse(text);
      const expires =
        Array.isArray(parsed) && parsed.length === 2
          ? parsePythonIso(parsed[1])
          : null;
      if (expires) {
        return { value: parsed[0], expires };
      }
    } catch {
      // fall through: ONE deletes unreadable entries too
    }
    await unlink(file).catch(() => undefined);
    return null;
  }

  async write(key: string, value: unknown, expires: Date): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, restCacheKey(key));
    // Write then rename so a concurrent reader never sees half an entry.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify([value, pythonIsoLocal(expires)]));
    await rename(tmp, file);
  }
}
