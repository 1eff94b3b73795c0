/**
 * Typed errors for talking to Alyx and to the data file server. Each error
 * carries the URL it concerns and a message that says what the user can do,
 * so the UI and the CLI can show it as is.
 */

/** Base class of every remote-access failure. */
export class RemoteError extends Error {
  /** The URL (or endpoint) the failure concerns. */
  readonly url: string;
  /** What the user can do about it. */
  readonly advice: string;
  /** Whether trying again later may succeed (used by the retry loops). */
  readonly transient: boolean;

  constructor(url: string, problem: string, advice: string, transient = false) {
    super(`${problem} (${url}). ${advice}`);
    this.name = new.target.name;
    this.url = url;
    this.advice = advice;
    this.transient = transient;
  }
}

/** A response with an unexpected HTTP status. */
export class HttpStatusError extends RemoteError {
  readonly status: number;
  /** The server's `detail` message or raw body (shortened). */
  readonly detail: string;

  constructor(
    url: string,
    status: number,
    detail: string,
    problem: string,
    advice: string,
    transient = false
  ) {
    super(
      url,
      `${problem}${status ? `: HTTP ${status}` : ':'}${detail ? ` "${detail}"` : ''}`,
      advice,
      transient
    );
    this.status = status;
    this.detail = detail;
  }
}

/** Login refused, token invalid or expired, or no credentials at all. */
export class AuthenticationError extends HttpStatusError {
  constructor(url: string, status: number, detail: string, advice?: string) {
    super(
      url,
      status,
      detail,
      'Authentication failed',
      advice ??
        'Log in again: check the Alyx user name and password (or paste a fresh token from the /me page of the Alyx site).'
    );
  }
}

/** The account may not read this resource (HTTP 403). */
export class ForbiddenError extends HttpStatusError {
  constructor(url: string, detail: string) {
    super(
      url,
      403,
      detail,
      'Access refused',
      'Your account is not allowed to read this; ask the database administrator or use an account with access.'
    );
  }
}

/** The session, dataset, insertion or record does not exist (HTTP 404). */
export class NotFoundError extends HttpStatusError {
  /** What was looked for, e.g. `session 4ecb5d24-…` or `dataset alf/x.y.npy`. */
  readonly what: string;

  constructor(url: string, what: string, detail: string) {
    super(
      url,
      404,
      detail,
      `Not found: ${what}`,
      'Check the id or name (an eid or pid is a UUID; subjects are looked up by nickname) and that the server is the right one.'
    );
    this.what = what;
  }
}

/** The server failed (HTTP 5xx, or 429 rate limiting). */
export class ServerError extends HttpStatusError {
  constructor(url: string, status: number, detail: string) {
    super(
      url,
      status,
      detail,
      status === 429
        ? 'The server is rate limiting requests'
        : 'The server had a problem',
      'This is not your fault: retry later; if it persists, tell the server administrators.',
      true
    );
  }
}

/** Any other unexpected status (e.g. 400 for an invalid filter). */
export class UnexpectedStatusError extends HttpStatusError {
  constructor(url: string, status: number, detail: string) {
    super(
      url,
      status,
      detail,
      'The server refused the request',
      'Check the query parameters and the server URL.'
    );
  }
}

/** No response (or no further bytes) within the configured time. */
export class TimeoutError extends RemoteError {
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(
      url,
      `No response within ${timeoutMs} ms`,
      'The server is slow or unreachable: retry later, or raise the timeout setting.',
      true
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The connection could not be opened or was closed before any response. */
export class ConnectionError extends RemoteError {
  constructor(url: string, cause: string) {
    super(
      url,
      `Connection failed (${cause})`,
      'Check the network and the server URL, then retry; offline, use a local ONE cache instead.',
      true
    );
  }
}

/** The connection dropped while the body was being received. */
export class TruncatedBodyError extends RemoteError {
  readonly receivedBytes: number;
  readonly expectedBytes: number | null;

  constructor(
    url: string,
    receivedBytes: number,
    expectedBytes: number | null
  ) {
    const of = expectedBytes === null ? '' : ` of ${expectedBytes}`;
    super(
      url,
      `The response was cut off after ${receivedBytes}${of} bytes`,
      'The connection dropped: retry (downloads resume from the partial file).',
      true
    );
    this.receivedBytes = receivedBytes;
    this.expectedBytes = expectedBytes;
  }
}

/** The body is not the JSON Alyx should send. */
export class BadJsonError extends RemoteError {
  constructor(url: string, reason: string) {
    super(
      url,
      `The server sent invalid JSON (${reason})`,
      'Check that the URL points at an Alyx REST server (not a login page or proxy), then retry.'
    );
  }
}

/** A downloaded file does not have the size or md5 its dataset record announces. */
export class IntegrityError extends RemoteError {
  readonly dataset: string;
  readonly expected: string;
  readonly actual: string;

  constructor(
    url: string,
    dataset: string,
    kind: 'md5' | 'size',
    expected: string,
    actual: string
  ) {
    super(
      url,
      `Downloaded ${dataset} has ${kind} ${actual}, expected ${expected}`,
      'The file was corrupted in transit or on the server: it was not kept; retry the download, and report it if it persists.',
      true
    );
    this.dataset = dataset;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Another process has been downloading this file into the shared cache folder (it holds the
 * claim and is alive) but its download has not moved for the whole waiting time.
 */
export class ClaimWaitTimeoutError extends RemoteError {
  readonly dataset: string;
  readonly claimPath: string;

  constructor(
    url: string,
    dataset: string,
    owner: string,
    claimPath: string,
    waitedMs: number
  ) {
    super(
      url,
      `Waited ${Math.round(waitedMs / 1000)} s for ${dataset}: ${owner} is downloading it into the shared cache (claim ${claimPath}) and its download made no progress`,
      'Run again later (verified files are kept). If that process is gone for good, delete the claim file; to wait longer, set IBL2NWB_CLAIM_WAIT_S.'
    );
    this.dataset = dataset;
    this.claimPath = claimPath;
  }
}

/** The caller cancelled (AbortSignal). */
export class CancelledError extends RemoteError {
  constructor(url: string) {
    super(
      url,
      'Cancelled',
      'Nothing to do: start again to continue (downloads resume).'
    );
  }
}

/** Build the typed error for a non-2xx status. */
export function errorForStatus(
  url: string,
  status: number,
  detail: string,
  what = 'the requested record'
): HttpStatusError {
  if (status === 401) {
    return new AuthenticationError(url, status, detail);
  }
  if (status === 403) {
    return /invalid token|credentials were not provided/i.test(detail)
      ? new AuthenticationError(url, status, detail)
      : new ForbiddenError(url, detail);
  }
  if (status === 404) {
    return new NotFoundError(url, what, detail);
  }
  if (status >= 500 || status === 429) {
    return new ServerError(url, status, detail);
  }
  return new UnexpectedStatusError(url, status, detail);
}

/** Extract DRF's `detail` (or a short raw text) from an error body. */
export function detailOf(body: string): string {
  try {
    const parsed = JSON.parse(body);
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof parsed.detail === 'string'
    ) {
      return parsed.detail;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}
