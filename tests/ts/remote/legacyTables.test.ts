/**
 * The local Alyx serving ONE's real legacy cache tables (int64-pair UUIDs,
 * `project` column): searches give the sessions ONE's own tests expect
 * (one_alyx.md §14.4).
 */
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AlyxClient } from '../../../src/one/remote/alyx';
import {
  IAlyxServer,
  startAlyxServer
} from '../../../tools/alyx-server/server';
import { FIXTURES, PASSWORD, USER } from './helpers';

let server: IAlyxServer;
let client: AlyxClient;

beforeAll(async () => {
  server = await startAlyxServer({
    users: { [USER]: PASSWORD },
    cacheFolders: [join(FIXTURES, 'ONE/one/tests/fixtures')],
    fixturesDir: null
  });
  client = new AlyxClient({
    baseUrl: server.url,
    username: USER,
    password: PASSWORD
  });
});
afterAll(() => server.close());

describe('legacy ONE tables served as Alyx records', () => {
  it('has the 26 sessions of the fixture', async () => {
    const all = await client.searchSessions();
    expect(all).toHaveLength(26);
    expect(new Set(all.map(s => s.subject))).toEqual(
      new Set([
        'KS005',
        'ZFM-01935',
        'ZM_1094',
        'ZM_1150',
        'ZM_1743',
        'ZM_335',
        'clns0730',
        'flowers'
      ])
    );
  });

  it('finds the sessions ONE finds', async () => {
    const ids = async (filters: Parameters<AlyxClient['searchSessions']>[0]) =>
      (await client.searchSessions(filters)).map(s => s.id);
    expect(await ids({ subject: 'ZM_335' })).toEqual([
      '3473f9d2-aa5d-41a6-9048-c65d0b7ab97c',
      'dfe99506-b873-45db-bc93-731f9362e304'
    ]);
    expect(await ids({ dateRange: '2019-06-07' })).toEqual([
      'db524c42-6356-4c61-b236-4967c54d2665'
    ]);
    expect(await ids({ dateRange: ['2021-01-01', null] })).toEqual([
      'd3372b15-f696-4279-9be5-98f15783b5bb'
    ]);
    expect(
      (await ids({ dateRange: ['2019-04-01', '2019-04-10'] })).sort()
    ).toHaveLength(9);
    expect((await ids({ datasets: 'spikes.depths.npy' })).sort()).toEqual([
      'b1c968ad-4874-468d-b2e4-5ffa9b9964e9',
      'cf264653-2deb-44cb-aa84-89b82507028a',
      'd3372b15-f696-4279-9be5-98f15783b5bb'
    ]);
    expect(await ids({ taskProtocol: 'habituation' })).toEqual([
      'ac80cd12-49e5-4aff-b5f2-1a718679ceeb'
    ]);
  });

  it('lists the 27 datasets of KS005/2019-04-02/001', async () => {
    const [session] = await client.searchSessions({
      subject: 'KS005',
      dateRange: '2019-04-02',
      number: 1
    });
    const rows = await client.sessionDatasets(session.id);
    expect(rows).toHaveLength(27);
    expect(rows[0].sessionPath).toBe('cortexlab/Subjects/KS005/2019-04-02/001');
  });
});
