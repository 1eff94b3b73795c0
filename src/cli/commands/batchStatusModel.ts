/**
 * `batch status` without I/O: the state of each session of a batch from its plan, its log lines
 * and the NWB files found in OUTDIR. The file on disk decides "done" (a final name only ever
 * holds a complete, verified file); the log says why a session failed or was interrupted.
 */
import type { IBatchRecord } from './batchLog';

export type SessionState = 'done' | 'failed' | 'pending';

export interface ISessionStatus {
  eid: string;
  state: SessionState;
  /** done: the NWB file. */
  output?: string;
  /** failed: the error; pending: why it is not done (not started, interrupted, file gone). */
  reason?: string;
  /** failed: the convert error code (CONTRACTS §2). */
  code?: string;
  /** The batch log that recorded the session's last outcome. */
  log?: string;
  dataset?: string;
  advice?: string;
  /** failed or interrupted: the last lines convert printed. */
  tail?: string[];
  /** The shard (`i/N`) that converts it, and the task that last ran it. */
  shard?: string;
  task?: string;
  host?: string;
  /** When the last outcome was recorded. */
  time?: string;
}

export interface ILoggedRecord {
  record: IBatchRecord;
  /** The log file it was read from. */
  log: string;
}

export interface IStatusInput {
  /** The batch's list of sessions, in order (empty if unknown). */
  planned: string[];
  /** The shard count of the plan, to say which shard a session belongs to. */
  shards?: number;
  records: ILoggedRecord[];
  /** eid → NWB file found under OUTDIR. */
  outputs: Map<string, string>;
}

export interface IStatusCounts {
  done: number;
  failed: number;
  pending: number;
}

/** One entry per session of the plan, then any session only the logs know, in that order. */
export function sessionStates(input: IStatusInput): ISessionStatus[] {
  const last = lastRecords(input.records);
  const order = [...new Set([...input.planned, ...last.keys()])];
  const position = new Map(input.planned.map((eid, k) => [eid, k]));
  return order.map(eid => {
    const shardOfPlan =
      input.shards && position.has(eid)
        ? `${position.get(eid)! % input.shards}/${input.shards}`
        : undefined;
    return stateOf(eid, last.get(eid), input.outputs.get(eid), shardOfPlan);
  });
}

export function countStates(sessions: ISessionStatus[]): IStatusCounts {
  const counts: IStatusCounts = { done: 0, failed: 0, pending: 0 };
  for (const session of sessions) {
    counts[session.state] += 1;
  }
  return counts;
}

/** The latest record of each session (by its end time; the later line wins a tie). */
function lastRecords(records: ILoggedRecord[]): Map<string, ILoggedRecord> {
  const last = new Map<string, ILoggedRecord>();
  for (const entry of records) {
    const seen = last.get(entry.record.eid);
    if (!seen || !(entry.record.time < seen.record.time)) {
      last.set(entry.record.eid, entry);
    }
  }
  return last;
}

function stateOf(
  eid: string,
  entry: ILoggedRecord | undefined,
  output: string | undefined,
  plannedShard: string | undefined
): ISessionStatus {
  const record = entry?.record;
  const where = record
    ? {
        log: entry!.log,
        shard: record.shard,
        time: record.time,
        host: record.host,
        ...(record.task ? { task: record.task } : {})
      }
    : plannedShard
      ? { shard: plannedShard }
      : {};
  if (output) {
    return { eid, state: 'done', output, ...where };
  }
  if (!record) {
    return { eid, state: 'pending', reason: 'not started yet', ...where };
  }
  const detail = {
    ...(record.code ? { code: record.code } : {}),
    ...(record.dataset ? { dataset: record.dataset } : {}),
    ...(record.advice ? { advice: record.advice } : {}),
    ...(record.tail?.length ? { tail: record.tail } : {})
  };
  switch (record.status) {
    case 'failed':
      return {
        eid,
        state: 'failed',
        reason: record.error ?? 'failed (no message recorded)',
        ...detail,
        ...where
      };
    case 'cancelled':
      return {
        eid,
        state: 'pending',
        reason: `interrupted at ${record.time} (the task was cancelled or requeued); the next run converts it`,
        ...detail,
        ...where
      };
    default:
      // Converted or skipped once, but the file is not there now (moved or deleted).
      return {
        eid,
        state: 'pending',
        reason: `${record.status} at ${record.time}, but ${record.output ?? 'its file'} is no longer in the folder`,
        ...where
      };
  }
}
