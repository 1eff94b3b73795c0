/**
 * Fault injection per route: a rule matches requests by method and path and
 * applies one fault to the first `times` of them (or to all). Faults act on
 * the response the server was about to send.
 */
import type { ServerResponse } from 'node:http';

export type Fault =
  /** Wait before answering normally. */
  | { kind: 'delay'; ms: number }
  /** Answer with this status (default body: Alyx's `{"detail": …}`). */
  | { kind: 'status'; status: number; body?: string }
  /** Close the connection without any response. */
  | { kind: 'drop' }
  /** Send the headers (with the full Content-Length) and `bytes` of the body, then close. */
  | { kind: 'truncate'; bytes?: number }
  /** Answer 200 with a body that is not JSON. */
  | { kind: 'badJson' }
  /** Flip bytes of the body (same length): a download then fails its md5. */
  | { kind: 'corrupt' }
  /** Data route only: answer a `Range` request with the whole file (200). */
  | { kind: 'ignoreRange' }
  /** Send the body at this rate (in 50 ms slices): a download that is under way for a while. */
  | { kind: 'slow'; bytesPerSecond: number };

export interface IFaultRule {
  /** A path prefix (`/sessions`, `/public/`) or a pattern tested against the path. */
  path: string | RegExp;
  method?: string;
  /** Apply to the first `times` matching requests only. */
  times?: number;
  fault: Fault;
}

interface IArmedRule extends IFaultRule {
  used: number;
}

export class FaultTable {
  private rules: IArmedRule[] = [];

  add(...rules: IFaultRule[]): void {
    this.rules.push(...rules.map(r => ({ ...r, used: 0 })));
  }

  clear(): void {
    this.rules = [];
  }

  /** The faults to apply to this request (each use is counted). */
  take(method: string, path: string): Fault[] {
    const faults: Fault[] = [];
    for (const rule of this.rules) {
      const pathMatches =
        typeof rule.path === 'string'
          ? path.startsWith(rule.path)
          : rule.path.test(path);
      const methodMatches =
        !rule.method || rule.method.toUpperCase() === method;
      if (
        pathMatches &&
        methodMatches &&
        (rule.times === undefined || rule.used < rule.times)
      ) {
        rule.used++;
        faults.push(rule.fault);
      }
    }
    return faults;
  }
}

/** Send `body` with `status` and headers, damaged as the faults say. */
export async function sendWithFaults(
  res: ServerResponse,
  faults: Fault[],
  status: number,
  headers: Record<string, string | number>,
  body: Uint8Array
): Promise<void> {
  for (const fault of faults) {
    if (fault.kind === 'delay') {
      await new Promise(resolve => setTimeout(resolve, fault.ms));
    }
  }
  if (res.destroyed) {
    return;
  }
  const kinds = new Map(faults.map(f => [f.kind, f]));
  if (kinds.has('drop')) {
    res.socket?.destroy();
    return;
  }
  const failure = kinds.get('status') as
    Extract<Fault, { kind: 'status' }> | undefined;
  if (failure) {
    const text =
      failure.body ??
      JSON.stringify({
        detail: `Injected failure ${failure.status}`,
        status_code: failure.status
      });
    res.writeHead(failure.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text)
    });
    res.end(text);
    return;
  }
  let payload = body;
  if (kinds.has('badJson')) {
    payload = new TextEncoder().encode('{"count": 3, "results": [{"id": ');
    headers = { ...headers, 'Content-Type': 'application/json' };
  }
  if (kinds.has('corrupt') && payload.length > 0) {
    payload = Uint8Array.from(payload);
    for (
      let i = 0;
      i < payload.length;
      i += Math.max(1, Math.floor(payload.length / 8))
    ) {
      payload[i] ^= 0xff;
    }
  }
  res.writeHead(status, { ...headers, 'Content-Length': payload.length });
  const truncate = kinds.get('truncate') as
    Extract<Fault, { kind: 'truncate' }> | undefined;
  if (truncate) {
    const keep = Math.min(
      payload.length - 1,
      truncate.bytes ?? Math.floor(payload.length / 2)
    );
    res.write(payload.subarray(0, Math.max(0, keep)), () => {
      // Give the bytes time to leave before the connection is cut.
      setTimeout(() => res.socket?.destroy(), 20);
    });
    return;
  }
  const slow = kinds.get('slow') as
    Extract<Fault, { kind: 'slow' }> | undefined;
  if (slow) {
    const slice = Math.max(1, Math.round(slow.bytesPerSecond / 20));
    for (let at = 0; at < payload.length && !res.destroyed; at += slice) {
      res.write(payload.subarray(at, at + slice));
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
  res.end(slow ? undefined : payload);
}
