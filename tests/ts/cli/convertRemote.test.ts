import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  IAlyxServer,
  startAlyxServer
} from '../../../tools/alyx-server/server';
import { capture } from './capture';

const DEMO = resolve(__dirname, '../../../demo/one-cache');
const EID = '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1';
let server: IAlyxServer;
let scratch: string;

beforeAll(async () => {
  server = await startAlyxServer({
    users: { u: 'p' },
    cacheFolders: [DEMO],
    fixturesDir: null
  });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.faults.clear();
  scratch = mkdtempSync(join(tmpdir(), 'ibl-convert-remote-'));
  return () => rmSync(scratch, { recursive: true, force: true });
});

const remote = () => [
  '--alyx',
  server.url,
  '--user',
  'u',
  '--password',
  'p',
  '--cache',
  scratch
];

describe('ibl2nwb convert from a remote Alyx', () => {
  it('downloads the processed datasets and their records, then converts', async () => {
    const out = join(scratch, 'out.nwb');
    const {
      code,
      out: stdout,
      err
    } = await capture(['convert', EID, ...remote(), '-o', out]);
    expect(err).not.toContain('failed');
    expect(code).toBe(0);
    expect(stdout).toContain(`${EID} → ${out}: done`);
    expect(stdout).not.toContain('MISMATCHED');
    expect(existsSync(out)).toBe(true);
    // Metadata came from the Alyx records cached on the way (subject and lab included).
    expect(readdirSync(join(scratch, '.rest')).length).toBeGreaterThan(2);
    // Processed only: raw ephys was not downloaded.
    expect(server.requests.some(r => r.path.includes('raw_ephys_data'))).toBe(
      false
    );
  });

  it('a server error in the middle ends with a clear message and no .nwb', async () => {
    server.faults.add({
      path: /spikes\.times/,
      fault: { kind: 'status', status: 500 }
    });
    const out = join(scratch, 'out.nwb');
    const { code, err } = await capture([
      'convert',
      EID,
      ...remote(),
      '-o',
      out
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/500|server/i);
    expect(err).toMatch(/spikes\.times/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  });
});
