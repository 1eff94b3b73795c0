import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  AuthenticationError,
  NotFoundError
} from '../../../src/one/remote/errors';
import { ISessionFilters } from '../../../src/one/remote/filters';
import { FIXTURES, IRemoteSetup, PASSWORD, startRemote, USER } from './helpers';
import { ISampleSession } from './sampleCache';

let remote: IRemoteSetup;

beforeAll(async () => {
  remote = await startRemote({ pageSize: 2 });
});
afterAll(() => remote.close());

/** Alyx's documented semantics applied to the sample tables (independent of the server code). */
function expectedEids(filters: ISessionFilters): string[] {
  const has = (s: ISampleSession, name: string) =>
    remote.datasets.some(
      d =>
        d.eid === s.eid &&
        d.relPath.split('/').pop() === name &&
        d.qc !== 'CRITICAL'
    );
  return remote.sessions
    .filter(
      s =>
        !filters.subject ||
        s.subject.toLowerCase() === filters.subject.toLowerCase()
    )
    .filter(
      s => !filters.lab || s.lab.toLowerCase() === filters.lab.toLowerCase()
    )
    .filter(
      s =>
        !filters.taskProtocol ||
        s.taskProtocol
          .toLowerCase()
          .includes(filters.taskProtocol.toLowerCase())
    )
    .filter(
      s =>
        !filters.projects ||
        s.projects.split(',').some(p => p.includes(String(filters.projects)))
    )
    .filter(
      s => filters.number === undefined || s.number === Number(filters.number)
    )
    .filter(s => {
      if (!Array.isArray(filters.dateRange)) {
        return true;
      }
      const [a, b] = filters.dateRange;
      return (!a || s.date >= a) && (!b || s.date <= b);
    })
    .filter(
      s => !filters.datasets || [filters.datasets].flat().every(n => has(s, n))
    )
    .sort((a, b) => b.date.localeCompare(a.date))
    .map(s => s.eid);
}

describe('login', () => {
  it('gets a token with good credentials and sends it on every request', async () => {
    const client = remote.client();
    const token = await client.login();
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    const before = remote.server.requests.length;
    await client.labs();
    const sent = remote.server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every(r => r.authorization === `Token ${token}`)).toBe(true);
  });

  it('refuses bad credentials with an AuthenticationError that hides the password', async () => {
    const client = remote.client({ password: 'wrong-password' });
    const error = await client.login().catch(e => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain(USER);
    expect(error.message).not.toContain('wrong-password');
    expect(error.message).toMatch(/log in again/i);
    await expect(client.searchSessions()).rejects.toBeInstanceOf(
      AuthenticationError
    );
  });

  it('logs in again once when the token has expired', async () => {
    const client = remote.client();
    await client.login();
    remote.server.expireTokens();
    const before = remote.server.requests.length;
    const labs = await client.labs();
    expect(labs.length).toBeGreaterThan(0);
    const paths = remote.server.requests.slice(before).map(r => r.path);
    expect(paths.filter(p => p === '/auth-token')).toHaveLength(1);
  });

  it('fails with AuthenticationError when an expired token cannot be renewed', async () => {
    const first = remote.client();
    const token = await first.login();
    remote.server.expireTokens();
    const tokenOnly = remote.client({
      username: undefined,
      password: undefined,
      token
    });
    await expect(tokenOnly.labs()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('session search', () => {
  const queries: ISessionFilters[] = [
    {},
    { subject: 'swc_043' },
    { lab: 'CORTEXLAB' },
    { dateRange: ['2020-01-01', '2020-09-20'] },
    { dateRange: ['2020-09-21', null] },
    { taskProtocol: 'ephysChoiceWorld' },
    { projects: 'ibl_behaviour' },
    { number: 1, lab: 'hoferlab' },
    { datasets: '_ibl_trials.stimOn_times.npy' },
    { datasets: ['_ibl_trials.stimOn_times.npy', 'spikes.times.npy'] },
    { datasets: '_ibl_wheel.position.npy' },
    { subject: 'KS023', dateRange: ['2019-12-10', '2019-12-10'] }
  ];

  it.each(queries.map(q => [JSON.stringify(q), q]))('%s', async (_, query) => {
    const found = await remote
      .client()
      .searchSessions(query as ISessionFilters);
    expect(found.map(s => s.id)).toEqual(
      expectedEids(query as ISessionFilters)
    );
  });

  it('follows pages with the first page size as limit', async () => {
    const before = remote.server.requests.length;
    const found = await remote.client().searchSessions();
    expect(found).toHaveLength(3);
    const queriesSent = remote.server.requests
      .slice(before)
      .filter(r => r.path === '/sessions');
    expect(
      queriesSent.map(r => new URLSearchParams(r.query).get('offset'))
    ).toEqual([null, '2']);
    expect(new URLSearchParams(queriesSent[1].query).get('limit')).toBe('2');
  });

  it('sends the filters the way ONE does', async () => {
    const before = remote.server.requests.length;
    await remote.client().searchSessions({
      subject: 'KS023',
      dateRange: '2019-12-10',
      datasets: ['a.b.npy', 'c.d.npy']
    });
    const sent = remote.server.requests
      .slice(before)
      .find(r => r.path === '/sessions')!;
    expect(sent.query).toBe(
      '?datasets=a.b.npy%2Cc.d.npy&date_range=2019-12-10%2C2019-12-10&subject=KS023'
    );
  });
});

describe('records', () => {
  it('reads a session detail and turns its datasets into cache rows', async () => {
    const s = remote.sessions[0];
    const client = remote.client();
    const detail = await client.sessionDetail(s.eid);
    expect(detail.subject).toBe(s.subject);
    expect(detail.probe_insertion.map(p => p.name)).toEqual(['probe00']);
    const rows = await client.sessionDatasets(s.eid);
    const expected = remote.datasets.filter(d => d.eid === s.eid);
    expect(rows.map(r => r.rel_path).sort()).toEqual(
      expected.map(d => d.relPath).sort()
    );
    for (const row of rows) {
      const d = expected.find(x => x.relPath === row.rel_path)!;
      expect(row).toMatchObject({
        id: d.id,
        hash: d.md5,
        file_size: d.bytes.length,
        default_revision: d.defaultRevision
      });
      expect(row.sessionPath).toBe(
        `${s.lab}/Subjects/${s.subject}/${s.date}/001`
      );
    }
  });

  it('names the eid in a 404', async () => {
    const eid = '00000000-0000-4000-8000-000000000000';
    const error = await remote
      .client()
      .sessionDetail(eid)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(`session ${eid}`);
  });

  it('lists datasets, insertions, subjects and labs', async () => {
    const client = remote.client();
    const s = remote.sessions[1];
    const datasets = await client.datasets({ session: s.eid });
    expect(datasets.map(d => d.name).sort()).toEqual(
      remote.datasets
        .filter(d => d.eid === s.eid)
        .map(d => d.relPath.split('/').pop())
        .sort()
    );
    const probes = await client.insertions({ session: remote.sessions[0].eid });
    expect(probes.map(p => p.name)).toEqual(['probe00']);
    const detail = await client.insertion(probes[0].id);
    expect(
      (detail.datasets as { name: string }[]).map(d => d.name).sort()
    ).toEqual(['_spikeglx_ephysData_g0_t0.imec0.ap.cbin', 'spikes.times.npy']);
    expect(
      (await client.subjects({ lab: 'zadorlab' })).map(x => x.nickname)
    ).toEqual(['CSH_ZAD_029']);
    expect((await client.subject('KS023')).lab).toBe('cortexlab');
    expect((await client.labs()).map(l => l.name)).toEqual(
      expect.arrayContaining(['hoferlab', 'mainenlab'])
    );
  });

  it('serves the recorded fixture responses verbatim', async () => {
    const dir = join(FIXTURES, 'ONE/one/tests/fixtures/rest_responses');
    const recorded = (name: string) =>
      JSON.parse(readFileSync(join(dir, name), 'utf8'))[0];
    const client = remote.client();
    expect(
      await client.dataset('0b305d2f-04dc-4ef1-be1c-db18931391ac')
    ).toEqual(recorded('47893cf67c985e6361cdee009334963f49fb0746'));
    expect(
      await client.insertion('b529f2d8-cdae-4d59-aba2-cbd1b5572e36')
    ).toEqual(recorded('f530d6022f61cdc9e38cc66beb3cb71f3003c9a1'));
    const ks005 = await client.datasets({
      session: '01390fcc-4f86-4707-8a3b-4d9309feb0a1'
    });
    expect(ks005).toEqual(
      recorded('6dc96f7e9bcc6ac2e7581489b9580a6cd3f28293').results
    );
  });

  it('uses a token given instead of a password', async () => {
    const token = await remote.client().login();
    const client = remote.client({
      username: undefined,
      password: undefined,
      token
    });
    expect((await client.labs()).length).toBeGreaterThan(0);
    expect(client.username).toBeUndefined();
    expect(PASSWORD).toBeTruthy();
  });
});
