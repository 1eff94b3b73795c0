/**
 * Collect the Alyx records a metadata document is built from, from any
 * source that answers REST paths: a live Alyx, or ONE's REST cache on disk
 * (offline, expired entries included, as ONE falls back when the network fails).
 */
import {
  IAlyxInsertion,
  IAlyxLab,
  IAlyxRecords,
  IAlyxSession,
  IAlyxSubject,
  IAlyxTrajectory
} from './alyxRecords';
import { SessionNotFoundError } from '../../one/errors';

/** Answers a REST path like `/sessions/<eid>`; null when it has no answer. */
export type RestLookup = (path: string) => Promise<unknown | null>;

/** What the cache tables know about a session, used when no Alyx record exists. */
export interface ITableSession {
  eid: string;
  subject: string;
  lab: string;
  /** YYYY-MM-DD */
  date: string;
  number: number;
  taskProtocol: string;
  projects: string;
}

function firstResult(body: unknown): unknown | null {
  if (Array.isArray(body)) {
    return body[0] ?? null;
  }
  if (
    body &&
    typeof body === 'object' &&
    Array.isArray((body as { results?: unknown }).results)
  ) {
    return (body as { results: unknown[] }).results[0] ?? null;
  }
  return body ?? null;
}

function listOf(body: unknown): unknown[] {
  if (Array.isArray(body)) {
    return body;
  }
  if (
    body &&
    typeof body === 'object' &&
    Array.isArray((body as { results?: unknown }).results)
  ) {
    return (body as { results: unknown[] }).results;
  }
  return [];
}

async function tryPaths<T>(
  lookup: RestLookup,
  paths: string[]
): Promise<T | null> {
  for (const path of paths) {
    const found = firstResult(await lookup(path));
    if (found && typeof found === 'object') {
      return found as T;
    }
  }
  return null;
}

/** The session as the cache tables describe it (no time of day, no time zone). */
export function sessionFromTables(row: ITableSession): IAlyxSession {
  return {
    id: row.eid,
    subject: row.subject,
    start_time: row.date,
    lab: row.lab,
    number: row.number,
    task_protocol: row.taskProtocol,
    projects: row.projects
      ? row.projects
          .split(',')
          .map(p => p.trim())
          .filter(Boolean)
      : []
  };
}

/** Which records were found, for the user to know what the document rests on. */
export interface IGatheredRecords {
  records: IAlyxRecords;
  found: {
    session: boolean;
    subject: boolean;
    lab: boolean;
    trajectories: number;
  };
}

export async function gatherRecords(
  lookup: RestLookup,
  eid: string,
  table: ITableSession | null,
  alyx?: string
): Promise<IGatheredRecords> {
  const detail = await tryPaths<IAlyxSession>(lookup, [`/sessions/${eid}`]);
  const session = detail ?? (table ? sessionFromTables(table) : null);
  if (!session) {
    throw new SessionNotFoundError(
      eid,
      'the session is neither in the cache tables nor in the Alyx records',
      'Search for it first.'
    );
  }
  const nickname = session.subject;
  const subject = await tryPaths<IAlyxSubject>(lookup, [
    `/subjects/${nickname}`,
    `/subjects?nickname=${encodeURIComponent(nickname)}`
  ]);
  const labName = session.lab ?? table?.lab;
  const lab = labName
    ? await tryPaths<IAlyxLab>(lookup, [
        `/labs/${labName}`,
        `/labs?name=${encodeURIComponent(labName)}`
      ])
    : null;
  if (!detail?.probe_insertion) {
    const insertions = listOf(
      await lookup(`/insertions?session=${encodeURIComponent(eid)}`)
    );
    if (insertions.length > 0) {
      session.probe_insertion = insertions as IAlyxInsertion[];
    }
  }
  const trajectories: IAlyxTrajectory[] = [];
  for (const insertion of session.probe_insertion ?? []) {
    const found = listOf(
      await lookup(`/trajectories?probe_insertion=${insertion.id}`)
    );
    trajectories.push(
      ...(found as IAlyxTrajectory[]).map(t => ({
        probe_insertion: insertion.id,
        ...t
      }))
    );
  }
  return {
    records: { session, subject, lab, trajectories, alyx: alyx ?? null },
    found: {
      session: detail !== null,
      subject: subject !== null,
      lab: lab !== null,
      trajectories: trajectories.length
    }
  };
}
