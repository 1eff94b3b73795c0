/**
 * A new modality is one file (toyModality.ts) plus one catalogue line (toyCatalogue.ts): with
 * nothing else changed, `ibl2nwb info --json` lists it with its own availability, and a
 * conversion writes it, checks it and reports it, through the same code as production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Catalogue } from '../../../src/convert/catalogue';
import { run } from '../../../src/cli/main';
import { generateCache } from '../../../src/one/generate/generateCache';
import { TOY_CATALOGUE } from './toyCatalogue';

const dir = mkdtempSync(join(tmpdir(), 'toy-modality-'));
const cache = join(dir, 'cache');
let eid = '';

beforeAll(() => {
  const { sessions } = generateCache({
    outDir: cache,
    sessions: 1,
    seed: 5,
    size: 'tiny',
    fixturesDir: resolve(__dirname, '../../../../shared/fixtures'),
    urls: { alyx: 'http://127.0.0.1:1', data: 'http://127.0.0.1:1/files' }
  });
  eid = sessions[0].eid;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], catalogue?: Catalogue) {
  let out = '';
  let err = '';
  const code = await run(argv, {
    out: t => (out += t),
    err: t => (err += t),
    signal: new AbortController().signal,
    ...(catalogue ? { catalogue } : {})
  });
  const lines = out
    .trim()
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line));
  return { code, out, err, lines };
}

describe('a toy modality added in one file and one catalogue line', () => {
  it('is listed by info --json with its own availability', async () => {
    const toy = await cli(
      ['info', eid, '--cache', cache, '--json'],
      TOY_CATALOGUE
    );
    expect(toy.code).toBe(0);
    const listed = toy.lines[0].interfaces;
    expect(listed.map((i: any) => i.name)).toEqual(
      TOY_CATALOGUE.map(e => e.modality.name)
    );
    expect(listed.find((i: any) => i.name === 'toy_licks')).toEqual({
      name: 'toy_licks',
      title: 'Toy licks (test modality)',
      kind: 'processed',
      available: true,
      reason: 'alf/licks.times.npy',
      askedBy: 'modalities',
      dandi: 'behavior'
    });
    // Production's catalogue does not have it: the line is what adds it.
    const real = await cli(['info', eid, '--cache', cache, '--json']);
    expect(real.lines[0].interfaces.map((i: any) => i.name)).not.toContain(
      'toy_licks'
    );
    // The human listing shows it too.
    const human = await cli(['info', eid, '--cache', cache], TOY_CATALOGUE);
    expect(human.out).toMatch(
      /toy_licks\s+processed\s+yes\s+alf\/licks\.times\.npy/
    );
  });

  it('is written, read back and reported by a conversion', async () => {
    const output = join(dir, 'toy.nwb');
    const run = await cli(
      [
        'convert',
        eid,
        '--cache',
        cache,
        '-o',
        output,
        '--modalities',
        'licks,toy_licks',
        '--json'
      ],
      TOY_CATALOGUE
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const done = run.lines.find(l => l.type === 'done');
    const toy = done.report.interfaces.find((i: any) => i.name === 'toy_licks');
    expect(toy.status).toBe('written');
    expect(toy.title).toBe('Toy licks (test modality)');
    expect(toy.arrays).toHaveLength(1);
    expect(toy.arrays[0]).toMatchObject({
      source: expect.stringMatching(/^alf\/licks\.times\.npy/),
      target: '/processing/toy/ToyLickTimes/timestamps',
      equal: true
    });
    expect(toy.arrays[0].elements).toBeGreaterThan(0);
  });

  it('is a usage error for production, whose catalogue lacks it', async () => {
    const run = await cli([
      'convert',
      eid,
      '--cache',
      cache,
      '-o',
      join(dir, 'real.nwb'),
      '--modalities',
      'toy_licks',
      '--json'
    ]);
    expect(run.code).not.toBe(0);
    expect(run.out).toContain('unknown modality toy_licks');
  });
});
