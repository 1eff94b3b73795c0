import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { generateCache } from '../../../src/one/generate/generateCache';
import { parseArgs } from '../../../src/one/generate/main';
import { quotePlus } from '../../../src/one/generate/restCache';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');

let lastEid = '';

function generate(seed: number): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-'));
  lastEid = generateCache({
    outDir,
    sessions: 1,
    seed,
    size: 'tiny',
    fixturesDir: FIXTURES
  }).sessions[0].eid;
  return outDir;
}

const read = (dir: string, name: string): Buffer =>
  fs.readFileSync(path.join(dir, name));

describe('generated cache', () => {
  const a = generate(5);
  const eid = lastEid;
  const b = generate(5);
  const c = generate(6);
  afterAll(() => {
    for (const dir of [a, b, c]) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is byte-identical for the same seed (datasets.pqt holds every file md5)', () => {
    for (const name of ['sessions.pqt', 'datasets.pqt', 'cache_info.json']) {
      expect(read(a, name).equals(read(b, name))).toBe(true);
    }
    expect(fs.readdirSync(path.join(a, '.rest')).sort()).toEqual(
      fs.readdirSync(path.join(b, '.rest')).sort()
    );
  });

  it('differs for another seed', () => {
    expect(read(a, 'datasets.pqt').equals(read(c, 'datasets.pqt'))).toBe(false);
  });

  it('writes ONE REST cache entries named by the sha1 of the request path', () => {
    const entries = fs.readdirSync(path.join(a, '.rest'));
    const key = createHash('sha1').update(`/sessions/${eid}`).digest('hex');
    expect(entries).toContain(key);
    const [detail] = JSON.parse(
      fs.readFileSync(path.join(a, '.rest', key), 'utf8')
    );
    expect(detail.id).toBe(eid);
    for (const name of entries) {
      const [, expiry] = JSON.parse(
        fs.readFileSync(path.join(a, '.rest', name), 'utf8')
      );
      expect(expiry).toBe('3000-01-01T00:00:00');
      expect(name).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});

describe('cli arguments', () => {
  it('parse the documented options', () => {
    const o = parseArgs(
      ['--out', 'x', '--sessions', '3', '--seed', '9', '--size', 'small'],
      '/f'
    );
    expect(o).toMatchObject({
      out: 'x',
      sessions: 3,
      seed: 9,
      size: 'small',
      fixtures: '/f'
    });
  });

  it('reject unknown options and sizes with a message that says what to do', () => {
    expect(() => parseArgs(['--out', 'x', '--colour', 'red'], '/f')).toThrow(
      /unknown option.*usage/
    );
    expect(() => parseArgs(['--out', 'x', '--size', 'huge'], '/f')).toThrow(
      /use tiny, small or bench/
    );
    expect(() =>
      generateCache({
        outDir: os.tmpdir(),
        sessions: 1,
        seed: 1,
        size: 'tiny',
        fixturesDir: '/nonexistent'
      })
    ).toThrow(/--fixtures/);
  });
});

describe('quotePlus', () => {
  it('encodes like Python urllib.parse.quote_plus', () => {
    expect(quotePlus('pk,0d3c')).toBe('pk%2C0d3c');
    expect(quotePlus("a b*(')!~")).toBe('a+b%2A%28%27%29%21~');
  });
});
