/** Every injected REST fault ends as the right typed error, or is retried when it is transient. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  AuthenticationError,
  BadJsonError,
  CancelledError,
  ConnectionError,
  ForbiddenError,
  ServerError,
  TimeoutError,
  TruncatedBodyError
} from '../../../src/one/remote/errors';
import { IFaultRule } from '../../../tools/alyx-server/faults';
import { IRemoteSetup, startRemote } from './helpers';

let remote: IRemoteSetup;

beforeAll(async () => {
  remote = await startRemote();
});
afterEach(() => remote.server.faults.clear());
afterAll(() => remote.close());

function inject(...rules: IFaultRule[]): void {
  remote.server.faults.add(...rules);
}

function sessionRequests(from: number): number {
  return remote.server.requests.slice(from).filter(r => r.path === '/sessions')
    .length;
}

describe('transient faults are retried', () => {
  const transient: [string, IFaultRule['fault']][] = [
    ['HTTP 500', { kind: 'status', status: 500 }],
    ['HTTP 503', { kind: 'status', status: 503 }],
    ['dropped connection', { kind: 'drop' }],
    ['truncated body', { kind: 'truncate' }]
  ];

  it.each(transient)('%s once, then success', async (_, fault) => {
    inject({ path: '/sessions', times: 1, fault });
    const before = remote.server.requests.length;
    const found = await remote.client().searchSessions();
    expect(found).toHaveLength(3);
    expect(sessionRequests(before)).toBe(2);
  });
});

describe('persistent faults end as typed errors', () => {
  const cases: [string, IFaultRule['fault'], new (...args: any[]) => Error][] =
    [
      ['HTTP 500', { kind: 'status', status: 500 }, ServerError],
      ['dropped connection', { kind: 'drop' }, ConnectionError],
      ['truncated body', { kind: 'truncate' }, TruncatedBodyError],
      ['bad JSON', { kind: 'badJson' }, BadJsonError],
      [
        'HTTP 403',
        {
          kind: 'status',
          status: 403,
          body: '{"detail": "You do not have permission."}'
        },
        ForbiddenError
      ]
    ];

  it.each(cases)('%s', async (_, fault, type) => {
    inject({ path: '/sessions', fault });
    const before = remote.server.requests.length;
    const error = await remote
      .client()
      .searchSessions()
      .catch(e => e);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(`${remote.server.url}/sessions`);
    expect(error.advice.length).toBeGreaterThan(10);
    // Transient faults are tried 1 + retries (2) times; the others once.
    expect(sessionRequests(before)).toBe(error.transient ? 3 : 1);
  });

  it('a 5xx message says it is the server and to retry later', async () => {
    inject({ path: '/sessions', fault: { kind: 'status', status: 502 } });
    const error = await remote
      .client({ retries: 0 })
      .searchSessions()
      .catch(e => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/HTTP 502.*retry later/);
  });

  it('an invalid token answered with 401 asks to log in again', async () => {
    const strict = await startRemote({ invalidTokenStatus: 401 });
    try {
      const client = strict.client({
        username: undefined,
        password: undefined,
        token: 'f'.repeat(40)
      });
      const error = await client.labs().catch(e => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.status).toBe(401);
      expect(error.message).toMatch(/log in again/i);
    } finally {
      await strict.close();
    }
  });
});

describe('time limits and cancellation', () => {
  it('a slow server gives a TimeoutError', async () => {
    inject({ path: '/sessions', fault: { kind: 'delay', ms: 1500 } });
    const started = Date.now();
    const error = await remote
      .client({ timeoutMs: 200 })
      .searchSessions()
      .catch(e => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('an AbortSignal stops a pending request promptly', async () => {
    inject({ path: '/sessions', fault: { kind: 'delay', ms: 3000 } });
    const controller = new AbortController();
    const client = remote.client();
    await client.login();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await client
      .searchSessions({}, { signal: controller.signal })
      .catch(e => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a delay shorter than the timeout is only slow', async () => {
    inject({ path: '/labs', times: 1, fault: { kind: 'delay', ms: 100 } });
    expect(
      (await remote.client({ timeoutMs: 2000 }).labs()).length
    ).toBeGreaterThan(0);
  });
});
