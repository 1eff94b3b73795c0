import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IRemoteSetup, startRemote, USER } from '../remote/helpers';
import { capture } from './capture';

let remote: IRemoteSetup;

beforeAll(async () => {
  remote = await startRemote();
});

afterAll(async () => {
  await remote?.close();
});

const login = () => remote.loginArgs();
const served = () => join(remote.scratch, 'served');

function jsonLines(text: string): any[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

describe('ibl2nwb search', () => {
  it('finds the same sessions locally and remotely', async () => {
    const subject = remote.sessions[0].subject;
    const local = await capture([
      'search',
      '--cache',
      served(),
      '--subject',
      subject,
      '--json'
    ]);
    const online = await capture([
      'search',
      ...login(),
      '--subject',
      subject,
      '--json'
    ]);
    expect(local.code).toBe(0);
    expect(online.code).toBe(0);
    const localIds = jsonLines(local.out).map(r => r.eid);
    const expected = remote.sessions
      .filter(s => s.subject.includes(subject))
      .map(s => s.eid);
    expect(localIds.sort()).toEqual(expected.sort());
    expect(
      jsonLines(online.out)
        .map(r => r.eid)
        .sort()
    ).toEqual(expected.sort());
  });

  it('filters by date range and prints a table for people', async () => {
    const date = remote.sessions[0].date;
    const { code, out } = await capture([
      'search',
      '--cache',
      served(),
      '--date-range',
      `${date},${date}`
    ]);
    expect(code).toBe(0);
    const expected = remote.sessions.filter(s => s.date === date);
    expect(out.split('\n')[0]).toMatch(/^eid +lab +subject +date/);
    for (const s of expected) {
      expect(out).toContain(s.eid);
    }
    expect(out.trim().split('\n')).toHaveLength(expected.length + 1);
  });

  it('says clearly when the login is wrong', async () => {
    const { code, err } = await capture([
      'search',
      '--alyx',
      remote.server.url,
      '--user',
      USER,
      '--password',
      'wrong'
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/search: .*(password|credentials|log in)/i);
    expect(err).not.toContain('wrong');
  });

  it('names a missing cache folder', async () => {
    const { code, err } = await capture([
      'search',
      '--cache',
      join(remote.scratch, 'nowhere')
    ]);
    expect(code).toBe(1);
    expect(err).toContain('sessions.pqt');
  });
});

describe('ibl2nwb info', () => {
  it('lists the datasets of a session, locally and remotely alike', async () => {
    const eid = remote.sessions[0].eid;
    const local = await capture(['info', eid, '--cache', served(), '--json']);
    const online = await capture(['info', eid, ...login(), '--json']);
    expect(local.code).toBe(0);
    expect(online.code).toBe(0);
    const [l] = jsonLines(local.out);
    const [o] = jsonLines(online.out);
    expect(l.session.eid).toBe(eid);
    expect(o.session.eid).toBe(eid);
    const paths = (x: any) => x.datasets.map((d: any) => d.rel_path).sort();
    expect(paths(o)).toEqual(paths(l));
    const expected = remote.datasets.filter(d => d.eid === eid);
    expect(paths(l)).toHaveLength(expected.length);
    // The converter's modalities, judged alike from the cache tables and from Alyx.
    expect(l.interfaces.length).toBeGreaterThan(0);
    expect(o.interfaces).toEqual(l.interfaces);
  });
});

describe('search and info print the session summary the sidebar reads', () => {
  // The fields of ISessionSummary / ISessionDetail (src/one/sessionSummary.ts).
  const SUMMARY = ['eid', 'lab', 'subject', 'date', 'number', 'task_protocol'];
  const DETAIL = [...SUMMARY, 'projects', 'users', 'probes'];
  const DATASET = ['rel_path', 'file_size', 'qc', 'exists'];

  it.each([
    ['a local cache', () => ['--cache', served()]],
    ['a remote Alyx', login]
  ])('from %s', async (_, source) => {
    const eid = remote.sessions[0].eid;
    const found = await capture(['search', ...source(), '--json']);
    expect(found.code).toBe(0);
    for (const row of jsonLines(found.out)) {
      expect(Object.keys(row)).toEqual(SUMMARY);
    }
    const shown = await capture(['info', eid, ...source(), '--json']);
    expect(shown.code).toBe(0);
    const [{ session, datasets }] = jsonLines(shown.out);
    expect(Object.keys(session).slice(0, SUMMARY.length)).toEqual(SUMMARY);
    expect(DETAIL).toEqual(expect.arrayContaining(Object.keys(session)));
    for (const dataset of datasets) {
      expect(Object.keys(dataset)).toEqual(DATASET);
    }
  });
});

describe('ibl2nwb download', () => {
  it('downloads into the ONE layout, then finds everything present', async () => {
    const eid = remote.sessions[0].eid;
    const target = join(remote.scratch, 'downloads');
    const first = await capture([
      'download',
      eid,
      ...login(),
      '--cache',
      target,
      '--json'
    ]);
    expect(first.code).toBe(0);
    const done = jsonLines(first.out).find(e => e.type === 'done');
    expect(done.files.length).toBeGreaterThan(0);
    for (const file of done.files) {
      expect(file.status).toBe('downloaded');
      expect(existsSync(file.path)).toBe(true);
      const source = join(served(), file.path.slice(target.length + 1));
      expect(readFileSync(file.path).equals(readFileSync(source))).toBe(true);
    }
    const second = await capture([
      'download',
      eid,
      ...login(),
      '--cache',
      target
    ]);
    expect(second.code).toBe(0);
    expect(second.out).toContain(
      `0 downloaded, ${done.files.length} already present.`
    );
  });

  it('requires a target cache folder', async () => {
    const { code, err } = await capture(['download', 'some-eid', ...login()]);
    expect(code).toBe(2);
    expect(err).toContain('--cache DIR');
  });
});
