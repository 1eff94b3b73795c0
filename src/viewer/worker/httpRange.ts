import type { RangeReader } from './pageCache';

/** The part of a synchronous HTTP response the reader looks at. */
export interface IRangeResponse {
  status: number;
  /** The `Content-Range` header, or null. */
  contentRange: string | null;
  body: Uint8Array;
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
    return {
      size,
      rangeSupported: true,
      read: (start, end) => {
        const response = get(start, end);
        if (response.status === 206) {
          return response.body;
        }
        if (response.status === 200) {
          return response.body.subarray(start, end);
        }
        throw new HttpReadError(
          url,
          response.status,
          `range ${start}-${end - 1} was refused`
        );
      }
    };
  }
  if (probe.status === 200) {
    const whole = probe.body;
    return {
      size: whole.length,
      rangeSupported: false,
      read: (start, end) => whole.subarray(start, end)
    };
  }
  const hint =
    probe.status === 403 || probe.status === 401
      ? 'not authorised; reload JupyterLab to refresh your login'
      : probe.status === 404
        ? 'the file does not exist (moved or deleted?)'
        : 'the Jupyter server could not serve the file';
  throw new HttpReadError(url, probe.status, hint);
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
