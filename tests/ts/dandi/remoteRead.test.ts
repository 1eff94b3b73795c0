/**
 * The remote reader's ways around real servers: a redirect to presigned
 * storage (read there directly, back to the API when the URL expires), a
 * server ignoring Range (small: read whole; big: a clear error before the
 * body is read), 5xx with retries, and the browser refused (CORS) → the
 * Jupyter server's proxy. Fetch and sync XHR are replaced by fakes over
 * one byte array.
 */
import { describe, expect, it } from 'vitest';

import {
  redirectAwareGet,
  retrying,
  type IRangeResponse,
  type SyncGet
} from '../../../src/viewer/worker/httpRange';
import {
  openHttp,
  type ITransport
} from '../../../src/viewer/worker/openRemote';
import type { IOpenArgs } from '../../../src/viewer/worker/protocol';

const FILE = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
const API = 'https://api.example.org/api/assets/a/download/';
const STORE = 'https://store.example.org/blobs/a?X-Amz-Signature=s';
const PROXY = 'http://localhost:8888/jupyterlab-ibl-nwb/dandi/proxy?url=x';

type Mode = 'range' | 'whole' | 'cors' | number[];

/** A fetch over FILE: `range` honours Range, `whole` ignores it, `cors` throws, numbers are statuses to answer first. */
function fakeFetch(mode: Mode, finalUrl = STORE) {
  const calls: string[] = [];
  const statuses = Array.isArray(mode) ? [...mode] : [];
  const fetchFn = (async (
    input: string | URL | Request,
    init?: RequestInit
  ) => {
    const url = String(input);
    calls.push(url);
    if (mode === 'cors' && url !== PROXY) {
      throw new TypeError('Failed to fetch');
    }
    const status = statuses.shift();
    if (status !== undefined) {
      return new Response('busy', { status });
    }
    const range = new Headers(init?.headers).get('Range');
    const response =
      mode === 'whole' || !range
        ? new Response(FILE.slice(), {
            status: 200,
            headers: { 'Content-Length': String(FILE.length) }
          })
        : new Response(FILE.slice(0, 1), {
            status: 206,
            headers: { 'Content-Range': `bytes 0-0/${FILE.length}` }
          });
    Object.defineProperty(response, 'url', {
      value: url === PROXY ? PROXY : finalUrl
    });
    return response;
  }) as typeof fetch;
  return { fetchFn, calls };
}

/** A sync getter over FILE recording the URLs read. */
function fakeGet(read: string[], answer?: (url: string) => number | undefined) {
  return (url: string): SyncGet =>
    (start, end) => {
      read.push(url);
      const status = answer?.(url);
      if (status !== undefined) {
        return { status, contentRange: null, body: new Uint8Array(0) };
      }
      return {
        status: 206,
        contentRange: `bytes ${start}-${end - 1}/${FILE.length}`,
        body: FILE.slice(start, end)
      };
    };
}

const args = (over: Partial<IOpenArgs> = {}): IOpenArgs => ({
  url: API,
  headers: {},
  filename: 'x.nwb',
  proxyUrl: PROXY,
  proxyHeaders: { Authorization: 'token t' },
  maxWholeBytes: 10_000,
  ...over
});

const noWait: ITransport = {
  sleep: async () => undefined,
  retry: { sleep: () => undefined }
};

describe('openHttp', () => {
  it('reads ranges straight from where the API redirected to', async () => {
    const read: string[] = [];
    const { fetchFn } = fakeFetch('range');
    const get = fakeGet(read);
    const { remote, route } = await openHttp(args(), {
      ...noWait,
      fetchFn,
      direct: (url, headers, first) =>
        redirectAwareGet(url, headers, get, first)
    });
    expect(route).toEqual({ via: 'direct', probeRequests: 1, probeBytes: 1 });
    expect(remote.size).toBe(FILE.length);
    expect(Array.from(remote.read(100, 104))).toEqual(
      Array.from(FILE.slice(100, 104))
    );
    expect(read).toEqual([STORE]);
  });

  it('goes back to the API for a fresh URL when the presigned one expired', () => {
    const read: string[] = [];
    const get = redirectAwareGet(
      API,
      {},
      fakeGet(read, url => (url === STORE ? 403 : undefined)),
      STORE
    );
    expect(get(0, 10).status).toBe(206);
    expect(read).toEqual([STORE, API]);
  });

  it('falls back to the Jupyter proxy when the browser may not read the URL (CORS)', async () => {
    const read: string[] = [];
    const { fetchFn, calls } = fakeFetch('cors');
    const { remote, route } = await openHttp(args(), {
      ...noWait,
      fetchFn,
      proxy: fakeGet(read)
    });
    expect(route.via).toBe('proxy');
    expect(calls).toEqual([API, PROXY]); // no retries spent on a CORS refusal
    remote.read(0, 10);
    expect(read).toEqual([PROXY]);
  });

  it('says both causes when the proxy fails too, and does not retry without a proxy', async () => {
    const { fetchFn } = fakeFetch('cors');
    const failing = (async (input: string | URL | Request) => {
      if (String(input) === PROXY) {
        return new Response('{"message":"no"}', { status: 403 });
      }
      return fetchFn(input);
    }) as typeof fetch;
    await expect(
      openHttp(args(), { ...noWait, fetchFn: failing })
    ).rejects.toThrow(
      /api\.example\.org.*CORS.*Through the Jupyter server: .*HTTP 403/
    );
    await expect(
      openHttp(args({ proxyUrl: undefined }), { ...noWait, fetchFn })
    ).rejects.toThrow(/Reading https:\/\/api\.example\.org.*no answer/);
  });

  it('reads a small file whole from a server that ignores Range', async () => {
    const { fetchFn } = fakeFetch('whole');
    const { remote, route } = await openHttp(args(), { ...noWait, fetchFn });
    expect(remote.rangeSupported).toBe(false);
    expect(route.probeBytes).toBe(FILE.length);
    expect(Array.from(remote.read(4990, 5000))).toEqual(
      Array.from(FILE.slice(4990))
    );
  });

  it('refuses a big file from a server that ignores Range, naming the setting', async () => {
    const { fetchFn } = fakeFetch('whole');
    await expect(
      openHttp(args({ maxWholeBytes: 1000, proxyUrl: undefined }), {
        ...noWait,
        fetchFn
      })
    ).rejects.toThrow(
      /api\.example\.org.*ignores Range.*Largest file read whole/
    );
  });

  it('retries 5xx at open with backoff, then reads', async () => {
    const waits: number[] = [];
    const { fetchFn, calls } = fakeFetch([503, 502]);
    const { route } = await openHttp(args({ proxyUrl: undefined }), {
      fetchFn,
      sleep: async ms => void waits.push(ms),
      direct: (url, headers, first) =>
        redirectAwareGet(url, headers, fakeGet([]), first)
    });
    expect(route.via).toBe('direct');
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([250, 500]);
  });

  it('gives up after the retries with the status in the message', async () => {
    const { fetchFn } = fakeFetch([503, 503, 503, 503, 503]);
    await expect(
      openHttp(args({ proxyUrl: undefined }), { ...noWait, fetchFn })
    ).rejects.toThrow(/api\.example\.org.*HTTP 503.*try again later/);
  });
});

describe('retrying', () => {
  it('retries network errors and 5xx while reading, not 4xx', () => {
    const answers: (number | 'throw')[] = ['throw', 500, 206];
    const waits: number[] = [];
    const get: SyncGet = () => {
      const next = answers.shift();
      if (next === 'throw') {
        throw new Error('NetworkError');
      }
      return {
        status: next ?? 206,
        contentRange: null,
        body: new Uint8Array(0)
      } as IRangeResponse;
    };
    expect(retrying(get, { sleep: ms => waits.push(ms) })(0, 1).status).toBe(
      206
    );
    expect(waits).toEqual([250, 500]);
    const notFound = retrying(
      () => ({ status: 404, contentRange: null, body: new Uint8Array(0) }),
      {
        sleep: () => {
          throw new Error('must not wait');
        }
      }
    );
    expect(notFound(0, 1).status).toBe(404);
  });
});

describe('a stalled server', () => {
  it('is given up on at the probe with the URL and the wait named', async () => {
    const stalled = ((_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(init.signal?.reason)
        );
      })) as typeof fetch;
    const { probeRange } = await import('../../../src/viewer/worker/httpProbe');
    await expect(
      probeRange(API, {}, { maxWholeBytes: 1, fetchFn: stalled, timeoutMs: 50 })
    ).rejects.toThrow(/api\.example\.org.*no answer within 50 ms.*stalled/);
  });
});
