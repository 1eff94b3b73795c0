/**
 * Alyx records of a session from ONE's REST cache in the cache folder
 * (`.rest/`, expired entries included, as ONE does offline).
 */
import { FileRestCache } from '../../one/remote/node/restCache';
import type {
  IAlyxLab,
  IAlyxRecords,
  IAlyxSession,
  IAlyxSubject
} from '../metadata';

async function cached(cache: FileRestCache, request: string): Promise<unknown> {
  return (await cache.read(request))?.value ?? null;
}

/** The records, or null when the session itself is not cached. */
export async function cachedAlyxRecords(
  cacheDir: string,
  eid: string
): Promise<IAlyxRecords | null> {
  const cache = new FileRestCache(cacheDir);
  const session = (await cached(
    cache,
    `/sessions/${eid}`
  )) as IAlyxSession | null;
  if (!session) {
    return null;
  }
  const subject = (await cached(
    cache,
    `/subjects/${session.subject}`
  )) as IAlyxSubject | null;
  const lab = session.lab
    ? ((await cached(cache, `/labs/${session.lab}`)) as IAlyxLab | null)
    : null;
  return { session, subject, lab };
}
