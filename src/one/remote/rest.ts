/**
 * The REST core of the Alyx client: token login, `Authorization: Token` on
 * every request, one re-login on an expired token, retries of transient
 * failures, paging, typed errors, and ONE's REST response cache (stale entries
 * are used when the server cannot be reached).
 */
import {
  AuthenticationError,
  ConnectionError,
  detailOf,
  errorForStatus,
  RemoteError,
  TimeoutError,
  UnexpectedStatusError
} from './errors';
import { backoffMs, FetchFn, fetchText, parseJson, sleep } from './http';
import { encodeQuery, QueryParams, updateUrlParams } from './query';
import { IRestCache } from './restCache';

export interface IAlyxClientOptions {
  /** e.g. `https://openalyx.internationalbrainlab.org` (no trailing slash needed). */
  baseUrl: string;
  username?: string;
  password?: string;
  /** A token from the Alyx `/me` page, instead of a password. */
  token?: string;
  /** Per-request time limit (default 30 s). */
  timeoutMs?: number;
  /** Retries of a GET after a 5xx or a dropped connection (default 2). */
  retries?: number;
  /** First backoff delay; doubles per retry (default 500 ms). */
  retryDelayMs?: number;
  /** ONE's REST cache; none by default. */
  restCache?: IRestCache;
  /** Lifetime of new REST-cache entries (ONE: 5 minutes). */
  restCacheExpiryMs?: number;
  fetch?: FetchFn;
}

export interface IRequestOptions {
  signal?: AbortSignal;
  /** Ignore the REST cache for this request (the response is still stored). */
  noCache?: boolean;
  /** What the request is about, for 404 messages (e.g. `session <eid>`). */
  what?: string;
}

/** A paginated DRF body; ONE detects it by exactly these keys. */
interface IPage<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** ONE's `__version__` we mimic in the `ONE-API-Version` header. */
const ONE_API_VERSION = '3.4.2';
/** Bound on page fetches of one listing (at the server maximum of 1000 per page: 10 M records). */
const MAX_PAGES = 10000;

export class AlyxRest {
  readonly baseUrl: string;
  readonly username: string | undefined;
  private readonly password: string | undefined;
  private tokenValue: string | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly restCache: IRestCache | undefined;
  private readonly restCacheExpiryMs: number;
  private readonly fetchFn: FetchFn;

  constructor(options: IAlyxClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.username = options.username;
    this.password = options.password;
    this.tokenValue = options.token;
    this.timeoutMs = options.timeoutMs ?? 30000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.restCache = options.restCache;
    this.restCacheExpiryMs = options.restCacheExpiryMs ?? 5 * 60 * 1000;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The current token, if logged in. */
  get token(): string | undefined {
    return this.tokenValue;
  }

  /** `POST /auth-token` with the user name and password; returns the token. */
  async login(signal?: AbortSignal): Promise<string> {
    const url = `${this.baseUrl}/auth-token`;
    if (!this.username || this.password === undefined) {
      throw new AuthenticationError(
        url,
        0,
        'no credentials',
        'Give an Alyx user name and password (or a token) before querying the database.'
      );
    }
    const body = new URLSearchParams({
      username: this.username,
      password: this.password
    });
    const response = await fetchText(
      this.fetchFn,
      url,
      { method: 'POST', body, headers: { Accept: 'application/json' } },
      this.timeoutMs,
      signal
    );
    if (
      response.status === 400 ||
      response.status === 401 ||
      response.status === 403
    ) {
      throw new AuthenticationError(
        url,
        response.status,
        `login refused for user "${this.username}" (password ${'*'.repeat(this.password.length)})`,
        'Check the user name and password for this Alyx server and log in again.'
      );
    }
    if (response.status !== 200) {
      throw errorForStatus(
        url,
        response.status,
        detailOf(response.text),
        'the login endpoint'
      );
    }
    const parsed = parseJson(url, response.text) as { token?: unknown };
    if (!parsed || typeof parsed.token !== 'string') {
      throw new UnexpectedStatusError(
        url,
        response.status,
        'no token in the login response'
      );
    }
    this.tokenValue = parsed.token;
    return parsed.token;
  }

  /**
   * GET a relative REST path (`/sessions/<eid>`, `/sessions?subject=…`) or a
   * full URL on this server, and return the parsed JSON, going through the
   * REST cache when one is set (keyed by `request` exactly as given, as ONE does).
   */
  async get(request: string, options: IRequestOptions = {}): Promise<unknown> {
    const cached =
      this.restCache && !options.noCache
        ? await this.restCache.read(request)
        : null;
    if (cached && cached.expires.getTime() > Date.now()) {
      return cached.value;
    }
    let value: unknown;
    try {
      value = await this.fetchJson(request, options);
    } catch (error) {
      // Like ONE: when the server cannot be reached, a stale copy beats nothing.
      if (
        cached &&
        (error instanceof ConnectionError || error instanceof TimeoutError)
      ) {
        return cached.value;
      }
      throw error;
    }
    await this.restCache?.write(
      request,
      value,
      new Date(Date.now() + this.restCacheExpiryMs)
    );
    return value;
  }

  /** All records of a list endpoint, following pages (ONE's page-size rule). */
  async list<T>(
    endpoint: string,
    params: QueryParams = new Map(),
    options: IRequestOptions = {}
  ): Promise<T[]> {
    const query = encodeQuery(params);
    const first = await this.get(
      `/${endpoint}${query ? `?${query}` : ''}`,
      options
    );
    if (!isPage<T>(first)) {
      if (Array.isArray(first)) {
        return first as T[];
      }
      throw new UnexpectedStatusError(
        `${this.baseUrl}/${endpoint}`,
        200,
        'expected a list of records'
      );
    }
    const records = [...first.results];
    const pageSize = first.results.length;
    let next = first.next;
    for (
      let page = 1;
      records.length < first.count && next && pageSize > 0 && page < MAX_PAGES;
      page++
    ) {
      const request = updateUrlParams(next, {
        limit: pageSize,
        offset: records.length
      });
      // ONE keys follow-up pages by the full URL (it hashes before stripping the base).
      const key = request.startsWith(this.baseUrl)
        ? request
        : this.relative(request);
      const body = await this.get(key, options);
      if (!isPage<T>(body) || body.results.length === 0) {
        break;
      }
      records.push(...body.results);
      next = body.next;
    }
    return records;
  }

  /** A server URL (e.g. a `next` link) as a path relative to the base URL. */
  private relative(url: string): string {
    return url.startsWith(this.baseUrl)
      ? url.slice(this.baseUrl.length)
      : url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  }

  /** One GET with login, one re-login on an expired token, and retries on transient failures. */
  private async fetchJson(
    request: string,
    options: IRequestOptions
  ): Promise<unknown> {
    const path = /^[a-z]+:\/\//i.test(request)
      ? this.relative(request)
      : request;
    const url = `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
    let reloggedIn = false;
    for (let attempt = 0; ; attempt++) {
      if (!this.tokenValue) {
        await this.login(options.signal);
      }
      try {
        const response = await fetchText(
          this.fetchFn,
          url,
          {
            headers: {
              Accept: 'application/json',
              Authorization: `Token ${this.tokenValue}`,
              'ONE-API-Version': ONE_API_VERSION
            }
          },
          this.timeoutMs,
          options.signal
        );
        if (response.status === 200) {
          return parseJson(url, response.text);
        }
        const error = errorForStatus(
          url,
          response.status,
          detailOf(response.text),
          options.what
        );
        if (
          error instanceof AuthenticationError &&
          !reloggedIn &&
          this.password !== undefined
        ) {
          // An expired token: log in again once, then repeat the request.
          reloggedIn = true;
          this.tokenValue = undefined;
          attempt--;
          continue;
        }
        throw error;
      } catch (error) {
        const retriable =
          error instanceof RemoteError &&
          error.transient &&
          !(error instanceof TimeoutError);
        if (!retriable || attempt >= this.retries) {
          throw error;
        }
        await sleep(
          backoffMs(attempt, this.retryDelayMs, 10000),
          url,
          options.signal
        );
      }
    }
  }
}

function isPage<T>(body: unknown): body is IPage<T> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return false;
  }
  const keys = Object.keys(body).sort().join(',');
  return keys === 'count,next,previous,results';
}
