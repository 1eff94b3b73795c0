/**
 * The sidebar shows the converter's own judgement of a session's modalities, for every
 * generated session the test corpus has (a generated cache and every quirks case): what it
 * renders equals `ibl2nwb info --json`'s `interfaces`, and that list agrees with what a
 * conversion of the session then skips. A sidebar with rules of its own fails the first
 * test, whose session info says the opposite of what its dataset names suggest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';

import type { IModalityAvailability } from '../../../src/convert/modalityInfo';
import { generateCache } from '../../../src/one/generate/generateCache';
import { QUIRK_CASES } from '../../../src/one/generate/quirks';
import type { ISessionInfo } from '../../../src/sidebar/api';
import {
  convertibleModalities,
  rawSwitches
} from '../../../src/sidebar/convert/convertOptions';
import { SessionDetail } from '../../../src/sidebar/SessionDetail';
import { capture } from '../cli/capture';

const dir = mkdtempSync(join(tmpdir(), 'sidebar-availability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the sidebar's session detail shows: each modality's name, availability and reason. */
function shown(info: ISessionInfo) {
  const html = renderToStaticMarkup(
    React.createElement(SessionDetail, { info })
  );
  return [
    ...html.matchAll(
      /<li class="[^"]*" data-modality="([^"]+)" data-kind="([^"]+)" data-available="(true|false)" title="([^"]*)"/g
    )
  ].map(([, name, kind, available, reason]) => ({
    name,
    kind,
    available: available === 'true',
    reason: reason
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  }));
}

function judged(interfaces: IModalityAvailability[]) {
  return interfaces.map(({ name, kind, available, reason }) => ({
    name,
    kind,
    available,
    reason
  }));
}

async function json(args: string[]) {
  const { code, out, err } = await capture([...args, '--json']);
  const lines = out
    .trim()
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line));
  return { code, err, lines };
}

/** The session and source of a case's convert arguments, as `info` takes them. */
function infoArgs(convertArgs: string[]): string[] {
  const cache = convertArgs.indexOf('--cache');
  return [
    'info',
    convertArgs[0],
    ...(cache >= 0 ? ['--cache', convertArgs[cache + 1]] : [])
  ];
}

/** Sidebar = info, and info = what the converter then does with the same session. */
async function checkSession(label: string, convertArgs: string[]) {
  const info = await json(infoArgs(convertArgs));
  expect(info.code, `${label}: ${info.err}`).toBe(0);
  const session: ISessionInfo = info.lines[0];
  expect(session.interfaces.length).toBeGreaterThan(0);
  expect(shown(session), label).toEqual(judged(session.interfaces));
  expect(convertibleModalities(session.interfaces)).toEqual(
    session.interfaces.filter(i => i.kind === 'processed')
  );

  const run = await json(['convert', ...convertArgs]);
  const report =
    run.lines.find(l => l.type === 'done')?.report ??
    run.lines.find(l => l.type === 'error')?.report;
  if (!report) {
    return; // refused before any modality was judged (e.g. the metadata)
  }
  for (const entry of report.interfaces) {
    const said = session.interfaces.find(i => i.name === entry.name);
    expect(said, `${label}: ${entry.name} is in the catalogue`).toBeDefined();
    if (!said!.available) {
      // Unavailable in info: skipped, or refused when asked for, with info's reason.
      expect(entry.status, `${label}: ${entry.name}`).toBe('skipped');
      expect(entry.reason, `${label}: ${entry.name}`).toBe(said!.reason);
    } else if (entry.status === 'skipped') {
      // Available from the records; only a run shows that a table is empty, or what an
      // interface's ready() checks: the atlas tables given, the electrodes table written.
      expect(entry.reason, `${label}: ${entry.name}`).toMatch(
        /has no rows|iblatlas tables|electrodes table/
      );
    }
  }
}

describe("the sidebar's modalities", () => {
  it('are the ones the session info carries, whatever the datasets are called', () => {
    // Datasets that a rule of the sidebar's own would call trials and spike sorting, while
    // the converter says otherwise, and a modality no rule knows.
    const interfaces: IModalityAvailability[] = [
      {
        name: 'trials',
        title: 'Trials',
        kind: 'processed',
        available: false,
        reason: 'the converter says no',
        askedBy: 'modalities',
        dandi: 'behavior'
      },
      {
        name: 'spike_sorting',
        title: 'Spike sorting',
        kind: 'processed',
        available: false,
        reason: 'the session has no alf/probe00/spikes.clusters.npy',
        askedBy: 'modalities',
        dandi: 'ecephys'
      },
      {
        name: 'brand_new',
        title: 'A modality the sidebar has never heard of',
        kind: 'raw',
        available: true,
        reason: 'raw_new/thing.bin',
        askedBy: 'raw',
        dandi: 'ecephys'
      }
    ];
    const info: ISessionInfo = {
      session: {
        eid: '00000000-0000-0000-0000-000000000000',
        lab: 'lab',
        subject: 'S',
        date: '2024-01-01',
        number: 1,
        task_protocol: ''
      },
      datasets: [
        'alf/_ibl_trials.table.pqt',
        'alf/probe00/spikes.times.npy'
      ].map(rel_path => ({ rel_path, file_size: 1, qc: 'PASS', exists: true })),
      interfaces
    };
    expect(shown(info)).toEqual(judged(interfaces));
    expect(rawSwitches(interfaces)).toEqual([
      {
        option: 'raw',
        title: 'A modality the sidebar has never heard of',
        available: true,
        reason: 'brand_new: raw_new/thing.bin'
      }
    ]);
  });

  it('equal the CLI and the converter for the sessions of a generated cache', async () => {
    const cache = join(dir, 'generated');
    const { sessions } = generateCache({
      outDir: cache,
      sessions: 2,
      seed: 11,
      size: 'tiny',
      fixturesDir: resolve(__dirname, '../../../../shared/fixtures'),
      urls: { alyx: 'http://127.0.0.1:1', data: 'http://127.0.0.1:1/files' }
    });
    for (const [i, s] of sessions.entries()) {
      await checkSession(s.eid, [
        s.eid,
        '--cache',
        cache,
        '-o',
        join(dir, `generated-${i}.nwb`),
        '--raw'
      ]);
    }
  }, 240_000);

  it.each(QUIRK_CASES.map(c => [c.name, c] as const))(
    'equal the CLI and the converter for the quirks case %s',
    async (name, quirk) => {
      const caseDir = join(dir, name);
      const build = await quirk.build(caseDir, 1);
      await checkSession(name, build.args);
    },
    120_000
  );
});
