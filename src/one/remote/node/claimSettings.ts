/**
 * Timings of download claims in a shared cache. The defaults suit a cluster on NFS; the
 * environment overrides them for every command at once (batch tasks inherit it), e.g. a test
 * that must not wait minutes.
 */
export interface IClaimSettings {
  /** A claim whose heartbeat has not moved for this long is stale (any host). */
  staleMs: number;
  /** How often an owner renews its heartbeat (well inside `staleMs`). */
  heartbeatMs: number;
  /** A waiter gives up when the owner's download has not grown for this long. */
  waitMs: number;
  /** How often a waiter looks at the claim and the owner's `.part`. */
  pollMs: number;
}

/** Seconds from the environment, or the default; nonsense falls back to the default. */
function secondsFromEnv(name: string, fallbackMs: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value * 1000 : fallbackMs;
}

/**
 * Stale after 60 s of silence (the owner renews every 10 s, so a busy event loop or an NFS
 * hiccup is not mistaken for death); a waiter waits up to 10 min without progress, longer
 * than an owner's own inactivity time-outs and retries take to give up and release.
 */
export function claimSettings(
  overrides: Partial<IClaimSettings> = {}
): IClaimSettings {
  const staleMs =
    overrides.staleMs ?? secondsFromEnv('IBL2NWB_CLAIM_STALE_S', 60_000);
  return {
    staleMs,
    heartbeatMs: overrides.heartbeatMs ?? Math.max(20, staleMs / 6),
    waitMs: overrides.waitMs ?? secondsFromEnv('IBL2NWB_CLAIM_WAIT_S', 600_000),
    pollMs: overrides.pollMs ?? Math.min(250, Math.max(10, staleMs / 20))
  };
}
