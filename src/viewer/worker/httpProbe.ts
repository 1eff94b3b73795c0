/**
 * The first request to a remote file, made with `fetch` (async, before any
 * synchronous read) so that it can see what sync XHR cannot: the URL the
 * redirects led to, and the size of a server's answer before reading it,
 * so a server that ignores `Range` is not made to send a 10 GB file.
 */
import {
  HttpReadError,
  isTransient,
  parseContentRangeSize,
  statusHint
} from './httpRange';

export interface IProbeOptions {
  /** Largest file read whole from a server that ignores Range (bytes). */
  maxWholeBytes: number;
  /** Tries after the first for 5xx / 429 (default 3). */
  retries?: number;
  backoffMs?: number;
  fetchFn?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** A server silent this long (ms) is given up on (default 60 s): a stalled server must not hang the tab. */
  timeoutMs?: number;
}

export type ProbeResult =
  | {
      readonly kind: 'range';
      readonly size: number;
      /** After redirects (e.g. a presigned object-storage URL). */
      readonly finalUrl: string;
      readonly bytes: number;
    }
  | {
      readonly kind: 'whole';
      readonly body: Uint8Array;
      readonly finalUrl: string;
    };

/** The browser could not fetch the URL at all (network, or CORS refused). */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown
  ) {
    super(
      `Reading ${url} failed: ${statusHint(0)} (${cause instanceof Error ? cause.message : String(cause)})`
    );
    this.name = 'UnreachableError';
  }
}

const wait = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Ask for byte 0 and learn how the server answers. */
export async function probeRange(
  url: string,
  headers: Record<string, string>,
  options: IProbeOptions
): Promise<ProbeResult> {
  const fetchFn = options.fetchFn ?? fetch;
  const sleep = options.sleep ?? wait;
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 250;
  let response: Response | null = null;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      await sleep(backoff * 2 ** (attempt - 1));
    }
    const timeoutMs = options.timeoutMs ?? 60000;
    // Until the headers arrive only: a large body may take longer to read.
    const stall = new AbortController();
    const timer = setTimeout(
      () => stall.abort(new DOMException('no headers', 'TimeoutError')),
      timeoutMs
    );
    try {
      response = await fetchFn(url, {
        headers: { ...headers, Range: 'bytes=0-0' },
        // Presigned URLs and the API's answers must not come from a stale cache.
        cache: 'no-store',
        signal: stall.signal
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new HttpReadError(
          url,
          0,
          `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}; the server is too slow or stalled, try again later`
        );
      }
      // A CORS refusal looks exactly like a network failure: the caller may
      // try the Jupyter server instead, so do not spend retries on it here.
      throw new UnreachableError(url, error);
    } finally {
      clearTimeout(timer);
    }
    if (!isTransient(response.status)) {
      break;
    }
    await response.body?.cancel();
  }
  const answer = response as Response;
  const finalUrl = answer.url || url;
  if (answer.status === 206) {
    const size = parseContentRangeSize(answer.headers.get('Content-Range'));
    const body = new Uint8Array(await answer.arrayBuffer());
    if (size === null) {
      throw new HttpReadError(
        url,
        206,
        'the server sent no Content-Range total (or hides it from this site: Access-Control-Expose-Headers); cannot size the file'
      );
    }
    return { kind: 'range', size, finalUrl, bytes: body.length };
  }
  if (answer.status === 200) {
    return {
      kind: 'whole',
      body: await readCapped(url, answer, options.maxWholeBytes),
      finalUrl
    };
  }
  await answer.body?.cancel();
  throw new HttpReadError(url, answer.status, statusHint(answer.status));
}

/** The whole body of a server that ignored Range, if it is no larger than `max`. */
async function readCapped(
  url: string,
  response: Response,
  max: number
): Promise<Uint8Array> {
  const tooBig = (size: string) =>
    new HttpReadError(
      url,
      200,
      `the server ignores Range requests and the file is ${size}, more than the ${formatMiB(max)} the viewer reads whole (setting "Largest file read whole"): serve it from a server that supports Range (S3, nginx, Jupyter) or raise the setting`
    );
  const declared = Number(response.headers.get('Content-Length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw tooBig(formatMiB(declared));
  }
  const reader = response.body?.getReader();
  if (!reader) {
    return new Uint8Array(await response.arrayBuffer());
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw tooBig(`over ${formatMiB(max)}`);
    }
    parts.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.length;
  }
  return body;
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1 << 20))} MiB`;
}
