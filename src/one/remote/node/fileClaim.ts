/**
 * Claim files: which process downloads a dataset file into a shared ONE cache folder.
 * `<dir>/.<name>.lock` is created with O_EXCL (`wx`), which is atomic on local disks and on
 * NFS v3+, so exactly one process gets it; it names its owner (pid, host) and its mtime is a
 * heartbeat the owner renews. The name starts with a dot so that neither ONE's table builder
 * nor our folder indexer ever takes a claim left by a killed process for a dataset.
 * Node has no flock(); a claim file also works across the hosts of a cluster.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { IClaimRecord } from '../claimRules';
import { thisOwner } from './claimOwner';
import { PART_SUFFIX } from './download';

/** The claim file of a dataset file. */
export function claimPathOf(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.lock`);
}

/** Held while one process removes a stale claim, so two never remove each other's new one. */
function breakPathOf(finalPath: string): string {
  return `${claimPathOf(finalPath)}.break`;
}

/** A breaker holds its lock for milliseconds: one this old was left by a killed breaker. */
const BREAK_LOCK_STALE_MS = 30_000;

/** Tokens of the claims this process holds (its pid may be a dead process's reuse). */
const heldTokens = new Set<string>();

export function holdsToken(token: string): boolean {
  return heldTokens.has(token);
}

/** A claim as read from disk: its record (null if unparseable) and heartbeat time. */
export interface IClaimSeen {
  record: IClaimRecord | null;
  mtimeMs: number;
}

/** Read the claim of a dataset file, or null when nobody holds one. */
export async function readClaim(finalPath: string): Promise<IClaimSeen | null> {
  let handle;
  try {
    handle = await open(claimPathOf(finalPath), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
  try {
    // The time from the open file: NFS revalidates attributes on open (close-to-open), while
    // a bare stat may answer from a cache up to a minute old and fake a silent owner.
    const s = await handle.stat();
    return {
      record: parseRecord(await handle.readFile('utf8')),
      mtimeMs: s.mtimeMs
    };
  } finally {
    await handle.close();
  }
}

function parseRecord(text: string): IClaimRecord | null {
  try {
    const r = JSON.parse(text);
    const ok =
      r &&
      typeof r === 'object' &&
      Number.isInteger(r.pid) &&
      typeof r.host === 'string' &&
      typeof r.token === 'string';
    return ok
      ? {
          pid: r.pid,
          host: r.host,
          boot: typeof r.boot === 'string' ? r.boot : null,
          pidNamespace:
            typeof r.pidNamespace === 'string' ? r.pidNamespace : null,
          token: r.token,
          dataset: typeof r.dataset === 'string' ? r.dataset : '',
          started: typeof r.started === 'string' ? r.started : ''
        }
      : null;
  } catch {
    return null; // being written (created, not yet filled) or cut short by a crash
  }
}

/** Claim a dataset file for this process; null if another process holds it. */
export async function tryClaim(
  finalPath: string,
  dataset: string
): Promise<HeldClaim | null> {
  const path = claimPathOf(finalPath);
  await mkdir(dirname(path), { recursive: true });
  const record: IClaimRecord = {
    ...thisOwner(),
    token: randomUUID(),
    dataset,
    started: new Date().toISOString()
  };
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return null;
    }
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(record));
  } finally {
    await handle.close();
  }
  heldTokens.add(record.token);
  return new HeldClaim(path, record);
}

/** A claim this process holds: renew it, check it is still ours, release it. */
export class HeldClaim {
  /** Set once the claim file is gone or another's (a watcher judged us stale). */
  lost = false;
  private readonly lostController = new AbortController();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly path: string,
    readonly record: IClaimRecord
  ) {}

  /** Aborts when the claim was taken from us: stop writing. */
  get lostSignal(): AbortSignal {
    return this.lostController.signal;
  }

  /** Renew the heartbeat every `everyMs` until released. */
  startHeartbeat(everyMs: number): void {
    let busy = false;
    this.timer = setInterval(() => {
      if (busy || this.lost) {
        return;
      }
      busy = true;
      this.renew()
        .then(ok => {
          if (!ok) {
            this.markLost();
          }
        })
        .catch(() => undefined) // a failed renewal is retried at the next beat
        .finally(() => (busy = false));
    }, everyMs);
    // The heartbeat alone must not keep a finished process alive.
    this.timer.unref?.();
  }

  /** Whether the claim file is still ours (sets `lost` when not). */
  async stillHeld(): Promise<boolean> {
    const held = (await this.readToken()) === this.record.token;
    if (!held) {
      this.markLost();
    }
    return held;
  }

  /** Stop the heartbeat and remove the claim file if it is still ours. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    heldTokens.delete(this.record.token);
    if ((await this.readToken()) === this.record.token) {
      await unlink(this.path).catch(() => undefined);
    }
  }

  private markLost(): void {
    this.lost = true;
    this.lostController.abort();
  }

  private async renew(): Promise<boolean> {
    if ((await this.readToken()) !== this.record.token) {
      return false;
    }
    const now = new Date();
    await utimes(this.path, now, now);
    return true;
  }

  private async readToken(): Promise<string | null> {
    try {
      return parseRecord(await readFile(this.path, 'utf8'))?.token ?? null;
    } catch {
      return null;
    }
  }
}

/**
 * Remove a stale claim, exactly the one that was judged (same token and heartbeat: an owner
 * that renewed it since is alive after all). `dropPart`: its owner may only be frozen and
 * could still write to its `.part`, so that file is removed too rather than resumed.
 * Returns false when another process is breaking it or it changed (then look again).
 */
export async function breakClaim(
  finalPath: string,
  judged: IClaimSeen,
  dropPart: boolean
): Promise<boolean> {
  const lock = breakPathOf(finalPath);
  try {
    await (await open(lock, 'wx')).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    const s = await stat(lock).catch(() => null);
    if (s && Date.now() - s.mtimeMs > BREAK_LOCK_STALE_MS) {
      await unlink(lock).catch(() => undefined);
    }
    return false;
  }
  try {
    const now = await readClaim(finalPath);
    if (
      !now ||
      now.mtimeMs !== judged.mtimeMs ||
      now.record?.token !== judged.record?.token
    ) {
      return false;
    }
    if (dropPart) {
      // While the stale claim still stands, so no new owner has started on this .part.
      await unlink(finalPath + PART_SUFFIX).catch(() => undefined);
    }
    await unlink(claimPathOf(finalPath)).catch(() => undefined);
    return true;
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
