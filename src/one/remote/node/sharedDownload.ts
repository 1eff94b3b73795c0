/**
 * Download one dataset file into a ONE cache folder that other processes may be filling at
 * the same time (batch shards, `download`, `convert --alyx`). A file is fetched only by the
 * process holding its claim, so no two processes write one `.part`; a file already under its
 * final name with the record's size and md5 is never fetched again; the others wait for the
 * owner, take over from an owner that died (see claimRules.ts), and give up with a message
 * naming the file when a live owner makes no progress for the waiting time.
 */
import { stat } from 'node:fs/promises';

import { ClaimVerdict, ClaimWatch, judgeClaim, ownerText } from '../claimRules';
import {
  downloadFile,
  IDownloadOptions,
  IDownloadStorage,
  IFileRequest
} from '../download';
import { ClaimWaitTimeoutError } from '../errors';
import { sleep, throwIfCancelled } from '../http';
import { rememberVerified } from '../../node/verifiedRead';
import { isPidAlive, thisOwner } from './claimOwner';
import { claimSettings, IClaimSettings } from './claimSettings';
import {
  breakClaim,
  claimPathOf,
  HeldClaim,
  holdsToken,
  readClaim,
  tryClaim
} from './fileClaim';
import { fileMd5, nodeDownloadStorage, PART_SUFFIX } from './download';

/** What a waiting process is waiting for (for a line to the user). */
export interface IClaimWait {
  dataset: string;
  /** "process 123 on node7". */
  owner: string;
  claimPath: string;
}

export interface ISharedDownloadOptions extends IDownloadOptions {
  /** Compare the md5 of a file already present (default true; the size always). */
  checkHash?: boolean;
  claims?: Partial<IClaimSettings>;
  /** Called once per file when this process starts waiting for another's download. */
  onWait?: (wait: IClaimWait) => void;
  /** Called when this process takes over a dead or silent owner's claim. */
  onTakeover?: (dataset: string, verdict: ClaimVerdict) => void;
}

export interface ISharedResult {
  /** `present`: verified in the cache (there before, or downloaded by another process). */
  status: 'downloaded' | 'present';
  bytes: number;
}

export async function downloadShared(
  request: IFileRequest,
  options: ISharedDownloadOptions = {}
): Promise<ISharedResult> {
  const settings = claimSettings(options.claims);
  const checkHash = options.checkHash ?? true;
  const watch = new ClaimWatch(Date.now());
  const context = {
    me: thisOwner(),
    staleMs: settings.staleMs,
    isPidAlive,
    holdsToken
  };
  const rejected = new Set<string>();
  let announced = false;
  for (;;) {
    throwIfCancelled(request.url, options.signal);
    const present = await verifiedSize(request, checkHash, rejected);
    if (present !== null) {
      return { status: 'present', bytes: present };
    }
    const claim = await tryClaim(request.finalPath, request.dataset);
    if (claim) {
      // From now on: checking a large present file may take longer than the stale time.
      claim.startHeartbeat(settings.heartbeatMs);
      try {
        // Another process may have finished it between our look and our claim.
        const done = await verifiedSize(request, checkHash, rejected);
        if (done !== null) {
          return { status: 'present', bytes: done };
        }
        const bytes = await downloadAsOwner(request, claim, options);
        if (bytes !== null) {
          return { status: 'downloaded', bytes };
        }
        continue; // the claim was taken from us: watch the new owner
      } finally {
        await claim.release();
      }
    }
    const seen = await readClaim(request.finalPath);
    if (!seen) {
      continue; // released in between: look again at once
    }
    const now = Date.now();
    watch.see(
      {
        token: seen.record?.token ?? null,
        mtimeMs: seen.mtimeMs,
        partBytes: await partBytes(request.finalPath)
      },
      now
    );
    const verdict = judgeClaim(seen.record, watch.silentForMs(now), context);
    if (
      verdict.state !== 'live' &&
      (await breakClaim(request.finalPath, seen, verdict.state === 'silent'))
    ) {
      options.onTakeover?.(request.dataset, verdict);
      continue;
    }
    if (watch.stalledForMs(now) >= settings.waitMs) {
      throw new ClaimWaitTimeoutError(
        request.url,
        request.dataset,
        ownerText(seen.record),
        claimPathOf(request.finalPath),
        watch.stalledForMs(now)
      );
    }
    if (!announced) {
      announced = true;
      options.onWait?.({
        dataset: request.dataset,
        owner: ownerText(seen.record),
        claimPath: claimPathOf(request.finalPath)
      });
    }
    await sleep(settings.pollMs, request.url, options.signal);
  }
}

/**
 * Fetch as the claim's owner (its heartbeat running). Returns the bytes, or null when the
 * claim was taken from us (we were judged stale): then nothing is renamed into place.
 */
async function downloadAsOwner(
  request: IFileRequest,
  claim: HeldClaim,
  options: ISharedDownloadOptions
): Promise<number | null> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (options.signal?.aborted || claim.lost) {
    stop.abort();
  }
  options.signal?.addEventListener('abort', onAbort, { once: true });
  claim.lostSignal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await downloadFile(request, claimedStorage(claim), {
      ...options,
      signal: stop.signal
    });
    return result.bytes;
  } catch (error) {
    if (claim.lost && !options.signal?.aborted) {
      return null;
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    claim.lostSignal.removeEventListener('abort', onAbort);
  }
}

/** Node storage whose rename into place happens only while the claim is still ours. */
function claimedStorage(claim: HeldClaim): IDownloadStorage {
  return {
    ...nodeDownloadStorage,
    partFile: finalPath => {
      const part = nodeDownloadStorage.partFile(finalPath);
      return {
        size: () => part.size(),
        hashExisting: hasher => part.hashExisting(hasher),
        open: append => part.open(append),
        discard: () => part.discard(),
        commit: async () => {
          if (!(await claim.stillHeld())) {
            throw new Error(`the claim on ${finalPath} was taken over`);
          }
          await part.commit();
        }
      };
    }
  };
}

/**
 * Size of the file under its final name if it is the one the record describes, else null:
 * the size always, the md5 when recorded and `checkHash` (as ONE's `_check_filesystem`).
 * `rejected` remembers a file that failed, so a waiter does not hash it again every poll.
 */
async function verifiedSize(
  request: IFileRequest,
  checkHash: boolean,
  rejected: Set<string>
): Promise<number | null> {
  const s = await stat(request.finalPath).catch(() => null);
  const expected = request.fileSize ?? null;
  if (!s || (expected !== null && s.size !== expected)) {
    return null;
  }
  if (checkHash && request.hash) {
    const identity = `${s.size}:${s.mtimeMs}:${s.ino}`;
    if (rejected.has(identity)) {
      return null;
    }
    const md5 = (await fileMd5(request.finalPath))?.md5;
    if (md5 !== request.hash.toLowerCase()) {
      rejected.add(identity);
      return null;
    }
    await rememberVerified(request.finalPath, md5);
  }
  return s.size;
}

async function partBytes(finalPath: string): Promise<number> {
  return stat(finalPath + PART_SUFFIX).then(
    s => s.size,
    () => 0
  );
}
