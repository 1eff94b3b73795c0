/**
 * When may a process take over another's claim on a download? Several processes (batch
 * shards, `download`, `convert --alyx`) can fill one ONE cache folder at once, on one machine
 * or on cluster nodes sharing it over NFS. Each file is fetched by the one process holding
 * its claim; the others wait. A claim is taken over only when its owner is surely gone:
 * - on the same machine (same host name, boot and pid namespace), as soon as its pid is no
 *   longer running: a dead process writes nothing more, so its `.part` can be resumed;
 * - anywhere, when the claim has been silent (its heartbeat did not move) for `staleMs`, as
 *   measured by the watcher's own clock, so clocks that disagree between hosts do not matter.
 *   The owner may only be frozen, not dead: its `.part` is then dropped, never resumed.
 * Pure logic (no file system), so the rules are tested on their own.
 */

/** Who holds a claim: enough to tell whether it is this machine and whether it still runs. */
export interface IClaimOwner {
  pid: number;
  host: string;
  /** Linux boot id: the same host name after a reboot is another machine for pids. */
  boot: string | null;
  /** Linux pid namespace (containers on one host share host names but not pids). */
  pidNamespace: string | null;
}

/** The content of a claim file. */
export interface IClaimRecord extends IClaimOwner {
  /** Unique per claim: tells a claim from a later one by the same process. */
  token: string;
  /** The dataset being downloaded (for messages). */
  dataset: string;
  /** ISO time the claim was made (for messages; staleness never trusts other clocks). */
  started: string;
}

export type ClaimVerdict =
  /** The owner may still be working: wait. */
  | { state: 'live' }
  /** The owner is gone for sure: take over and resume its `.part`. */
  | { state: 'dead'; why: string }
  /** The owner has been silent too long: take over and drop its `.part`. */
  | { state: 'silent'; why: string };

/** Whether two owners run on the same machine, so that one can look up the other's pid. */
export function sameMachine(a: IClaimOwner, b: IClaimOwner): boolean {
  return (
    a.host === b.host &&
    (a.boot === null || b.boot === null || a.boot === b.boot) &&
    (a.pidNamespace === null ||
      b.pidNamespace === null ||
      a.pidNamespace === b.pidNamespace)
  );
}

export interface IJudgeContext {
  /** This process. */
  me: IClaimOwner;
  /** Silence after which any claim is stale. */
  staleMs: number;
  /** Whether a pid runs on this machine. */
  isPidAlive(pid: number): boolean;
  /** Whether this process holds the claim with this token (its own pid may be a dead one's reuse). */
  holdsToken(token: string): boolean;
}

/**
 * The verdict on a claim; `record` is null when the file cannot be parsed (being written, or
 * cut short by a crash) and `silentForMs` is how long this process has seen it unchanged.
 */
export function judgeClaim(
  record: IClaimRecord | null,
  silentForMs: number,
  context: IJudgeContext
): ClaimVerdict {
  if (record && sameMachine(record, context.me)) {
    if (record.pid === context.me.pid && !context.holdsToken(record.token)) {
      return {
        state: 'dead',
        why: `process ${record.pid} that made it has ended (this process now has its pid)`
      };
    }
    if (record.pid !== context.me.pid && !context.isPidAlive(record.pid)) {
      return {
        state: 'dead',
        why: `process ${record.pid} on ${record.host} that made it has ended`
      };
    }
  }
  if (silentForMs >= context.staleMs) {
    return {
      state: 'silent',
      why: `${ownerText(record)} has not renewed it for ${Math.round(silentForMs / 1000)} s`
    };
  }
  return { state: 'live' };
}

/** "process 123 on node7" (or what is known of an unreadable claim). */
export function ownerText(record: IClaimRecord | null): string {
  return record
    ? `process ${record.pid} on ${record.host}`
    : 'an unknown process (the claim file is unreadable)';
}

/** What a watcher last saw of a claim and of the owner's `.part`. */
export interface IClaimSighting {
  /** The claim's token (null if unreadable) and heartbeat time. */
  token: string | null;
  mtimeMs: number;
  /** Bytes in the owner's `.part` (0 if none yet). */
  partBytes: number;
}

/**
 * Tracks, on the watcher's own clock, how long a claim has been silent (no heartbeat, no new
 * owner) and how long its download has made no progress (no heartbeat matters there: an owner
 * that is alive but stuck must not keep waiters forever).
 */
export class ClaimWatch {
  private last: IClaimSighting | null = null;
  private heardAt = 0;
  private progressAt: number;

  constructor(now: number) {
    this.progressAt = now;
  }

  /** Record a sighting made at `now`. */
  see(sighting: IClaimSighting, now: number): void {
    const last = this.last;
    if (
      !last ||
      last.token !== sighting.token ||
      last.mtimeMs !== sighting.mtimeMs
    ) {
      this.heardAt = now;
    }
    if (
      !last ||
      last.token !== sighting.token ||
      sighting.partBytes > last.partBytes
    ) {
      this.progressAt = now;
    }
    this.last = sighting;
  }

  silentForMs(now: number): number {
    return now - this.heardAt;
  }

  stalledForMs(now: number): number {
    return now - this.progressAt;
  }
}
