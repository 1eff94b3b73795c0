/**
 * A DANDI dandiset opened as an NWB collection, against the DANDI-like test
 * server (tests/python/dandi/dandi_like_server.py) serving three converted
 * sessions: "Open as collection" in the DANDI browser, the sessions table
 * (subjects and unit counts checked against pynwb), the region view's pooled
 * PSTH, a second opening from the palette command served from the index
 * cache, and nothing written under the Jupyter root. Light screenshot in
 * ui-tests/artifacts/.
 */
import {
  ChildProcessWithoutNullStreams,
  execFileSync,
  spawn
} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { serverRoot } from './helpers';

const PYTHON = process.env.PYTHON ?? 'python';
const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const FIXTURES = path.resolve(REPO, '..', 'shared', 'fixtures');
const SERVER = path.join(REPO, 'tests/python/dandi/dandi_like_server.py');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const SETTINGS_ID = 'jupyterlab-ibl-nwb:remote';
const SESSIONS = 3;

interface ISessionOracle {
  /** Path in the dandiset (`sub-…/….nwb`). */
  path: string;
  subject: string;
  units: number;
}

/** Three small sessions generated and converted as `ibl2nwb batch` writes them. */
function convertedSessions(work: string): string {
  const cache = path.join(work, 'cache');
  execFileSync(
    TSX,
    [
      path.join(REPO, 'src/one/generate/main.ts'),
      '--out',
      cache,
      '--sessions',
      String(SESSIONS),
      '--seed',
      '11',
      '--size',
      'tiny',
      '--fixtures',
      FIXTURES
    ],
    { cwd: REPO, stdio: 'pipe' }
  );
  const eids = execFileSync(
    'node',
    [CLI, 'search', '--cache', cache, '--json'],
    { encoding: 'utf8' }
  )
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))
    .flatMap(event =>
      (event.sessions ?? (event.eid ? [event] : [])).map(
        (s: { eid: string }) => s.eid
      )
    );
  expect(eids.length).toBe(SESSIONS);
  const listing = path.join(work, 'eids.txt');
  fs.writeFileSync(listing, eids.join('\n') + '\n');
  const out = path.join(work, 'nwb');
  execFileSync(
    'node',
    [
      CLI,
      'batch',
      listing,
      '--cache',
      cache,
      '-o',
      out,
      '--jobs',
      '1',
      '--modalities',
      'trials,spike_sorting,localization'
    ],
    { stdio: 'pipe' }
  );
  return out;
}

/** Subject and unit count of each file, read by pynwb (not by our reader). */
function oracle(folder: string): ISessionOracle[] {
  const script = `
import json, pathlib, sys
from pynwb import NWBHDF5IO
root = pathlib.Path(sys.argv[1])
out = []
for f in sorted(root.rglob("*.nwb")):
    with NWBHDF5IO(str(f), "r", load_namespaces=True) as io:
        nwb = io.read()
        out.append({"path": f.relative_to(root).as_posix(),
                    "subject": nwb.subject.subject_id,
                    "units": len(nwb.units)})
print(json.dumps(out))
`;
  return JSON.parse(
    execFileSync(PYTHON, ['-c', script, folder], { encoding: 'utf8' })
  );
}

let work = '';
let sessions: ISessionOracle[] = [];
let server: ChildProcessWithoutNullStreams | null = null;
let api = '';

test.use({ autoGoto: false });
test.setTimeout(300_000);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ibl-nwb-dandiset-ui-'));
  const nwb = convertedSessions(work);
  sessions = oracle(nwb);
  expect(sessions.length).toBe(SESSIONS);
  server = spawn(
    PYTHON,
    [
      SERVER,
      ...sessions.flatMap(s => [
        '--file',
        `${s.path}=${path.join(nwb, s.path)}`
      ])
    ],
    { cwd: REPO }
  );
  let stderr = '';
  server.stderr.on('data', chunk => (stderr += chunk));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no DANDI-like server: ${stderr}`)),
      30_000
    );
    server!.stdout.once('data', chunk => {
      clearTimeout(timer);
      resolve(String(chunk).split('\n')[0]);
    });
  });
  api = JSON.parse(first).api;
});

test.afterAll(() => {
  server?.stdin.end();
  server?.kill();
  if (work) {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

/** Every .nwb under the Jupyter root, on disk. */
function nwbUnder(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter(p =>
    /\.nwb/i.test(p)
  );
}

async function waitReady(panel: ReturnType<IJupyterLabPageFixture['locator']>) {
  await expect(panel.getByTestId('collection-status')).toHaveAttribute(
    'data-ready',
    'true',
    { timeout: 120_000 }
  );
}

test('a dandiset opened as a collection: sessions, pooled PSTH, cache, nothing written', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto();
  await page.evaluate(
    async ([id, raw]) => {
      await (window as any).jupyterapp.serviceManager.settings.save(id, raw);
    },
    [SETTINGS_ID, JSON.stringify({ dandiApiUrl: api, lindiUrlTemplate: '' })]
  );
  await page.reload();
  await page.waitForSelector('#jp-main-dock-panel');
  await page.theme.setLightTheme();
  const root = await serverRoot(page);
  const before = nwbUnder(root);

  // The DANDI browser: the dandiset, then "Open as collection".
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute(
      'jupyterlab-ibl-nwb:dandi-browser'
    )
  );
  const browser = page.locator('.jp-DandiBrowser');
  await browser.locator('.jp-DandiBrowser-search').fill('IBL');
  await browser.locator('.jp-DandiBrowser-searchForm button').click();
  await browser
    .locator('[data-kind="dandiset"][data-dandiset="000409"]')
    .click();
  await browser.getByTestId('dandi-open-collection').click();

  const panel = page.locator('.jp-NwbCollection');
  await waitReady(panel);
  const status = panel.getByTestId('collection-status');
  await expect(status).toContainText(`${SESSIONS} sessions`);
  await expect(status).toContainText(`${SESSIONS} read`);
  const rows = panel.getByTestId('collection-sessions').locator('tbody tr');
  await expect(rows).toHaveCount(SESSIONS);
  const shown = await rows.evaluateAll(trs =>
    trs.map(tr => {
      const cells = [...tr.querySelectorAll('td')].map(td => td.textContent);
      return {
        key: tr.getAttribute('data-path') ?? '',
        subject: cells[0],
        units: Number(cells[4])
      };
    })
  );
  // Rows are keyed by the asset in the archive, never by a server path.
  expect(shown.every(r => r.key.startsWith(`dandi:${api}/000409/draft/`))).toBe(
    true
  );
  const byPath = shown
    .map(r => ({
      path: r.key.slice(`dandi:${api}/000409/draft/`.length),
      subject: r.subject,
      units: r.units
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
  expect(byPath).toEqual(sessions);

  // The busiest region pools units across sessions read lazily from the archive.
  await panel
    .getByTestId('collection-regions')
    .locator('tbody tr')
    .first()
    .click();
  const psthStatus = panel.getByTestId('collection-psth-status');
  await expect(psthStatus).toHaveAttribute('data-done', 'true', {
    timeout: 90_000
  });
  await expect(psthStatus).toContainText('units pooled');
  await expect(
    panel.locator('[data-testid="collection-psth"].js-plotly-plot')
  ).toBeVisible();
  await page.screenshot({
    path: path.join(ARTIFACTS, 'collection-dandiset-light.png')
  });

  // Drill down: the unit's asset opens in a viewer on its URL, at that unit.
  const firstUnit = panel
    .getByTestId('collection-units')
    .locator('tbody tr')
    .first();
  const row = await firstUnit.locator('td').nth(2).textContent();
  await firstUnit.getByTestId('collection-unit-open').click();
  const view = page.locator(
    '.jp-NwbViewer-remote .jp-NwbViewer-view[data-view-id="psth"][data-rendered="true"]'
  );
  await expect(view).toBeVisible({ timeout: 90_000 });
  await expect(view.locator('select[aria-label="unit"]')).toHaveValue(
    String(row)
  );

  // Again from the palette command: every summary from the index cache.
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('application:close-all')
  );
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute(
      'jupyterlab-ibl-nwb:open-dandiset-collection',
      { input: '000409/draft' }
    )
  );
  const again = page.locator('.jp-NwbCollection');
  await waitReady(again);
  await expect(again.getByTestId('collection-status')).toContainText(
    `0 read (0 B), ${SESSIONS} from the index cache`
  );

  expect(nwbUnder(root)).toEqual(before);
  expect(errors).toEqual([]);
  await expect(
    page.locator('.lm-TabBar-tab', {
      hasText: 'Collection: DANDI 000409/draft'
    })
  ).toBeVisible();
});
