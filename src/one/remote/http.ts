/**
 * `fetch` with a timeout and cancellation that end as typed errors. Shared by
 * the Alyx client and the downloader; uses only the standard `fetch`, so it runs
 * in Node 20 and in the browser.
 */
import {
  BadJsonError,
  CancelledError,
  ConnectionError,
  RemoteError,
  TimeoutError,
  TruncatedBodyError
} from './errors';

export type FetchFn = typeof fetch;

/**
 * An abort controller that fires on the caller's signal or after `timeoutMs`
 * of inactivity; `touch()` restarts the clock (downloads call it per chunk).
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private expired = false;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    private readonly timeoutMs: number,
    private readonly outer?: AbortSignal
  ) {
    this.signal = this.controller.signal;
    if (outer?.aborted) {
      this.controller.abort();
    } else {
      outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    }
    this.touch();
  }

  /** Restart the inactivity clock. */
  touch(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    if (this.timeoutMs > 0 && this.timeoutMs < Infinity) {
      this.timer = setTimeout(() => {
        this.expired = true;
        this.controller.abort();
      }, this.timeoutMs);
    }
  }

  /** Stop the clock and detach from the caller's signal. */
  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }

  /** The typed error for a failure that happened under this deadline. */
  errorFor(
    url: string,
    error: unknown,
    phase: 'connect' | 'body',
    received = 0,
    expected: number | null = null
  ): RemoteError {
    if (error instanceof RemoteError) {
      return error;
    }
    if (this.outer?.aborted) {
      return new CancelledError(url);
    }
    if (this.expired) {
      return new TimeoutError(url, this.timeoutMs);
    }
    if (phase === 'body') {
      return new TruncatedBodyError(url, received, expected);
    }
    return new ConnectionError(url, describeNetworkError(error));
  }
}

/** A short reason from undici's nested `cause` chain (ECONNRESET, other side closed…). */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: any = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const text = current.code ?? current.message;
    if (typeof text === 'string' && !parts.includes(text)) {
      parts.push(text);
    }
    current = current.cause;
  }
  return parts.join(': ') || 'network error';
}

/** Throw `CancelledError` if the signal is already aborted. */
export function throwIfCancelled(url: string, signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw new CancelledError(url);
  }
}

/** Wait `ms`, or stop early with `CancelledError` when the signal fires. */
export function sleep(
  ms: number,
  url: string,
  signal?: AbortSignal
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError(url));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError(url));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff: `base * 2^attempt`, capped. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number
): number {
  return Math.min(maxMs, baseMs * 2 ** attempt);
}

export interface ITextResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** One request whose whole body is read as text under one deadline. */
export async function fetchText(
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignal
): Promise<ITextResponse> {
  throwIfCancelled(url, signal);
  const deadline = new Deadline(timeoutMs, signal);
  try {
    let response: Response;
    try {
      response = await fetchFn(url, { ...init, signal: deadline.signal });
    } catch (error) {
      throw deadline.errorFor(url, error, 'connect');
    }
    const expected = Number(response.headers.get('content-length') ?? NaN);
    let received = 0;
    const chunks: Uint8Array[] = [];
    try {
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }
          chunks.push(value);
          received += value.byteLength;
        }
      }
    } catch (error) {
      throw deadline.errorFor(
        url,
        error,
        'body',
        received,
        Number.isFinite(expected) ? expected : null
      );
    }
    if (Number.isFinite(expected) && received < expected) {
      throw new TruncatedBodyError(url, received, expected);
    }
    const text = new TextDecoder().decode(concatBytes(chunks, received));
    return { status: response.status, headers: response.headers, text };
  } finally {
    deadline.dispose();
  }
}

/** Parse a JSON body, or throw `BadJsonError` naming the URL. */
export function parseJson(url: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadJsonError(url, (error as Error).message);
  }
}

function concatBytes(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
