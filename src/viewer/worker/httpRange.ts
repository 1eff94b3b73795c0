import type { RangeReader } from './pageCache';

/** The part of a synchronous HTTP response the reader looks at. */
export interface IRangeResponse {
  status: number;
  /** The `Content-Range` header, or null. */
  contentRange: string | null;
  body: Uint8Array;
  /** Where the answer came from after redirects, when the getter knows. */
  finalUrl?: string;
}

/** Send `GET url` with `Range: bytes=start-(end-1)`, synchronously. */
export type SyncGet = (start: number, end: number) => IRangeResponse;

/** Thrown when the server refuses the file; names the URL and what to check. */
export class HttpReadError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string
  ) {
    super(`Reading ${url} failed (HTTP ${status}): ${detail}`);
    this.name = 'HttpReadError';
  }
}

/** Total size from `Content-Range: bytes 0-0/12345` (null if absent or `*`). */
export function parseContentRangeSize(header: string | null): number | null {
  const match = header ? /\/(\d+)\s*$/.exec(header) : null;
  return match ? Number(match[1]) : null;
}

/** How the file is being read: by ranges, or whole because the server ignored `Range`. */
export interface IRemoteFile {
  readonly size: number;
  readonly rangeSupported: boolean;
  readonly read: RangeReader;
}

/**
 * Probe the server with a 1-byte range request. A 206 gives the size and
 * range reads follow; a 200 means the server sent the whole file (a
 * contents manager without Range support), which is then kept and served.
 */
export function openRemoteFile(url: string, get: SyncGet): IRemoteFile {
  const probe = get(0, 1);
  if (probe.status === 206) {
    const size = parseContentRangeSize(probe.contentRange);
    if (size === null) {
      throw new HttpReadError(
        url,
        206,
        'the server sent no Content-Range total; cannot size the file'
      );
    }
    return rangeFile(url, get, size);
  }
  if (probe.status === 200) {
    return wholeFile(probe.body);
  }
  throw new HttpReadError(url, probe.status, statusHint(probe.status));
}

/** A file of known size read by range requests (a 200 answer is cut to the range). */
export function rangeFile(
  url: string,
  get: SyncGet,
  size: number
): IRemoteFile {
  return {
    size,
    rangeSupported: true,
    read: (start, end) => {
      const response = get(start, end);
      if (response.status === 206) {
        if (response.body.length !== end - start) {
          // A short answer would be read as zeros by h5wasm: a silent wrong value.
          throw new HttpReadError(
            url,
            206,
            `range ${start}-${end - 1} came back with ${response.body.length} bytes instead of ${end - start}`
          );
        }
        return response.body;
      }
      if (response.status === 200) {
        return response.body.subarray(start, end);
      }
      throw new HttpReadError(
        url,
        response.status,
        `range ${start}-${end - 1} was refused (${statusHint(response.status)})`
      );
    }
  };
}

/** A file the server sent whole (it ignores Range), kept in memory. */
export function wholeFile(body: Uint8Array): IRemoteFile {
  return {
    size: body.length,
    rangeSupported: false,
    read: (start, end) => body.subarray(start, end)
  };
}

/** What an HTTP status means for the user, in a few words. */
export function statusHint(status: number): string {
  if (status === 401 || status === 403) {
    return 'not authorised: reload JupyterLab to refresh your login; for embargoed DANDI data, set your DANDI API key';
  }
  if (status === 404) {
    return 'the file does not exist (moved or deleted?)';
  }
  if (status === 0) {
    return 'no answer (network down, or the server does not allow this site to read it: CORS)';
  }
  if (status >= 500) {
    return 'the server failed; try again later';
  }
  return 'the server could not serve the file';
}

/** A range read silent this long is abandoned (and retried). */
const READ_TIMEOUT_MS = 120000;

/** Transient failures worth another try: no answer, overload, server errors. */
export function isTransient(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

export interface IRetryOptions {
  /** Tries after the first (default 3). */
  retries?: number;
  /** First wait in ms, doubled each time (default 250). */
  backoffMs?: number;
  /** How to wait synchronously (a worker may block; tests pass a fake). */
  sleep?: (ms: number) => void;
}

/**
 * `get` with retries and exponential backoff for transient failures (a
 * thrown network error counts as status 0). The last answer is returned
 * as is, so the caller's error names the status.
 */
export function retrying(get: SyncGet, options: IRetryOptions = {}): SyncGet {
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 250;
  const sleep = options.sleep ?? busyWait;
  return (start, end) => {
    let last: IRangeResponse = {
      status: 0,
      contentRange: null,
      body: new Uint8Array(0)
    };
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        sleep(backoff * 2 ** (attempt - 1));
      }
      try {
        last = get(start, end);
      } catch {
        last = { status: 0, contentRange: null, body: new Uint8Array(0) };
      }
      if (!isTransient(last.status)) {
        return last;
      }
    }
    return last;
  };
}

/**
 * Block the worker for `ms`: h5wasm reads synchronously, so a retry inside
 * a read cannot await. Only worker threads run this, never the page.
 */
function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // waiting for the server to recover
  }
}

/** `SyncGet` with a synchronous XMLHttpRequest (allowed only in workers). */
export function xhrGet(url: string, headers: Record<string, string>): SyncGet {
  return (start, end) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url, false);
    xhr.setRequestHeader('Range', `bytes=${start}-${end - 1}`);
    for (const [name, value] of Object.entries(headers)) {
      xhr.setRequestHeader(name, value);
    }
    // Sync XHR cannot use responseType 'arraybuffer' outside workers; in a
    // worker it can, and it avoids a binary-string round trip.
    xhr.responseType = 'arraybuffer';
    xhr.send(null);
    const body =
      xhr.response instanceof ArrayBuffer
        ? new Uint8Array(xhr.response)
        : new Uint8Array(0);
    return {
      status: xhr.status,
      contentRange: xhr.getResponseHeader('Content-Range'),
      body
    };
  };
}

/**
 * `SyncGet` that reads from where the first answer was redirected to (a
 * DANDI asset's presigned object-storage URL), so each range costs one
 * request, not a redirect and a request; when that URL stops working
 * (presigned URLs expire: 403), it goes back to `url` for a fresh one.
 */
export function redirectAwareGet(
  url: string,
  headers: Record<string, string>,
  send: (url: string) => SyncGet = target => xhrGetFollowing(target, headers),
  /** Where an earlier request was redirected to, if known. */
  first: string = url
): SyncGet {
  let current = first;
  return (start, end) => {
    let answer = send(current)(start, end);
    if (current !== url && (answer.status === 401 || answer.status === 403)) {
      current = url;
      answer = send(current)(start, end);
    }
    if (answer.finalUrl && answer.finalUrl !== current) {
      current = answer.finalUrl;
    }
    return answer;
  };
}

/** `xhrGet` that also reports the URL the answer finally came from (after redirects). */
function xhrGetFollowing(
  url: string,
  headers: Record<string, string>
): SyncGet {
  return (start, end) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url, false);
    // Allowed for sync requests in workers: a stalled server throws, and
    // `retrying` tries again, instead of hanging the view for ever.
    xhr.timeout = READ_TIMEOUT_MS;
    xhr.setRequestHeader('Range', `bytes=${start}-${end - 1}`);
    for (const [name, value] of Object.entries(headers)) {
      xhr.setRequestHeader(name, value);
    }
    xhr.responseType = 'arraybuffer';
    xhr.send(null);
    return {
      status: xhr.status,
      contentRange: xhr.getResponseHeader('Content-Range'),
      body:
        xhr.response instanceof ArrayBuffer
          ? new Uint8Array(xhr.response)
          : new Uint8Array(0),
      finalUrl: xhr.responseURL || url
    };
  };
}
