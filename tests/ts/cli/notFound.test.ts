/**
 * A session the source does not have (an unknown eid or session path, in a local cache or on
 * Alyx) is error code NOT_FOUND, exit 2 (CONTRACTS.md §7), for every command that takes one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IRemoteSetup, startRemote } from '../remote/helpers';
import { capture } from './capture';

let remote: IRemoteSetup;

beforeAll(async () => {
  remote = await startRemote();
});

afterAll(async () => {
  await remote?.close();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const login = () => remote.loginArgs();
const served = () => join(remote.scratch, 'served');
const scratch = () => mkdtempSync(join(tmpdir(), 'ibl2nwb-notfound-'));

function errorEventOf(out: string) {
  const lines = out.trim().split('\n').filter(Boolean);
  return JSON.parse(lines[lines.length - 1]);
}

const local = (): Record<string, string[]> => ({
  info: ['info', UNKNOWN, '--cache', served()],
  'info (a session path)': [
    'info',
    'nobody/2020-01-01/001',
    '--cache',
    served()
  ],
  metadata: [
    'metadata',
    UNKNOWN,
    '--cache',
    served(),
    '-o',
    join(scratch(), 'm.json')
  ],
  convert: [
    'convert',
    UNKNOWN,
    '--cache',
    served(),
    '-o',
    join(scratch(), 'x.nwb')
  ]
});

const online = (): Record<string, string[]> => ({
  info: ['info', UNKNOWN, ...login()],
  metadata: [
    'metadata',
    UNKNOWN,
    ...login(),
    '--cache',
    scratch(),
    '-o',
    join(scratch(), 'm.json')
  ],
  convert: [
    'convert',
    UNKNOWN,
    ...login(),
    '--cache',
    scratch(),
    '-o',
    join(scratch(), 'x.nwb')
  ],
  download: ['download', UNKNOWN, ...login(), '--cache', scratch()]
});

describe.each([
  [
    'a local cache',
    local,
    ['info', 'info (a session path)', 'metadata', 'convert']
  ],
  ['a remote Alyx', online, ['info', 'metadata', 'convert', 'download']]
])('an unknown session in %s is NOT_FOUND, exit 2', (_, commands, names) => {
  it.each(names)('%s', async name => {
    const args = commands()[name];
    const { code, out, err } = await capture([...args, '--json']);
    const event = errorEventOf(out);
    expect(event).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    expect(event.message).toContain(args[1]);
    expect(code).toBe(2);
    expect(err).toContain(args[1]);
  });
});
