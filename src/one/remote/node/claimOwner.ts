/**
 * This process as the owner of download claims, and whether another pid still runs here.
 * The boot id and pid namespace (Linux) keep a pid from being looked up on the wrong
 * machine: a cache shared by containers or rebooted nodes under one host name.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

import type { IClaimOwner } from '../claimRules';

function readOrNull(read: () => string): string | null {
  try {
    return read().trim() || null;
  } catch {
    return null; // not Linux, or /proc hidden: fall back to the host name alone
  }
}

let owner: IClaimOwner | null = null;

/** This process (computed once). */
export function thisOwner(): IClaimOwner {
  owner ??= {
    pid: process.pid,
    host: hostname(),
    boot: readOrNull(() =>
      readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')
    ),
    pidNamespace: readOrNull(() => readlinkSync('/proc/self/ns/pid'))
  };
  return owner;
}

/** Whether `pid` runs on this machine (signal 0 checks without sending anything). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. ESRCH: no such process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
