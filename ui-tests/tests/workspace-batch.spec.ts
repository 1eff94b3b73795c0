/**
 * Issue 15: three sessions ticked in the sidebar convert together from a batch
 * workspace through the server's job queue. One generated session has a damaged
 * dataset (licks.times.npy cut short, as the quirks corpus's truncated_file case):
 * its row shows the converter's reason, the two others are converted (files on disk,
 * named by the DANDI rule), with the shared metadata default in each. Light and dark
 * screenshots; no console error or warning.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import { serverRoot } from './helpers';
import { openSidebar, search, watchConsole } from './workspaceHelpers';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const FIXTURES = path.resolve(REPO, '..', 'shared', 'fixtures');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');

test.use({ autoGoto: false, viewport: { width: 1280, height: 800 } });

interface IGenerated {
  eid: string;
  lab: string;
  subject: string;
  date: string;
  number: number;
}

/** Three tiny generated sessions in `cache`; the last one's licks cut by 16 bytes. */
function generate(cache: string): { good: IGenerated[]; broken: IGenerated } {
  execFileSync(
    TSX,
    [
      path.join(REPO, 'src/one/generate/main.ts'),
      '--out',
      cache,
      '--sessions',
      '3',
      '--seed',
      '7',
      '--size',
      'tiny',
      '--fixtures',
      FIXTURES
    ],
    { cwd: REPO, stdio: 'pipe' }
  );
  const sessions = execFileSync(
    'node',
    [CLI, 'search', '--cache', cache, '--json'],
    { encoding: 'utf8' }
  )
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as IGenerated);
  expect(sessions).toHaveLength(3);
  const broken = sessions[2];
  const licks = path.join(
    cache,
    broken.lab,
    'Subjects',
    broken.subject,
    broken.date,
    String(broken.number).padStart(3, '0'),
    'alf',
    'licks.times.npy'
  );
  fs.truncateSync(licks, fs.statSync(licks).size - 16);
  return { good: sessions.slice(0, 2), broken };
}

test('a three-session batch from the sidebar: one fails with its reason, two converted', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(150000);
  const logged = watchConsole(page);
  await page.goto();
  const root = await serverRoot(page);
  const cache = `${tmpPath}/cache`;
  const { good, broken } = generate(path.join(root, cache));

  const panel = await openSidebar(page);
  await search(panel, { cache });
  const rows = panel.locator('.jp-IblNwb-sessionRow');
  await expect(rows).toHaveCount(3);
  // Ctrl-click ticks one, shift-click the range from it.
  await rows.nth(0).click({ modifiers: ['Control'] });
  await rows.nth(2).click({ modifiers: ['Shift'] });
  await expect(
    panel.locator('.jp-IblNwb-sessionRow.jp-mod-checked')
  ).toHaveCount(3);
  await panel.getByRole('button', { name: 'Batch (3)' }).click();

  const batch = page.locator('.jp-IblNwb-batchWorkspace');
  await expect(batch).toBeVisible();
  const lab = `Shared lab ${Date.now()}`;
  await batch.locator('input[name="shared-lab"]').fill(lab);
  // A retry of this test finds the files of the first attempt.
  await batch.locator('input[name="batch-overwrite"]').check();
  const start = batch.getByRole('button', { name: 'Convert 3 sessions' });
  await expect(start).toBeEnabled({ timeout: 30000 });
  await start.click();

  const row = (eid: string) =>
    batch.locator(`li.jp-IblNwb-batchRow[data-eid="${eid}"]`);
  const failed = row(broken.eid);
  await expect(failed).toHaveAttribute('data-state', 'failed', {
    timeout: 120000
  });
  await expect(failed.getByTestId('job-error')).toContainText(
    'licks.times.npy'
  );
  for (const session of good) {
    await expect(row(session.eid)).toHaveAttribute('data-state', 'done', {
      timeout: 120000
    });
  }
  await expect(batch.getByTestId('batch-progress')).toContainText(
    '2 done · 1 failed'
  );

  // The two converted files exist under DANDI names, with the shared default in them.
  for (const session of good) {
    const output =
      (await row(session.eid).getByTestId('batch-output').textContent()) ?? '';
    expect(output).toBe(
      `nwb/sub-${session.subject}/sub-${session.subject}_ses-${session.eid}_desc-processed_behavior+ecephys.nwb`
    );
    expect(fs.existsSync(path.join(root, output))).toBe(true);
    const metadata = path.join(
      root,
      'nwb',
      `${session.subject}_${session.date}_${String(session.number).padStart(3, '0')}.metadata.json`
    );
    expect(JSON.parse(fs.readFileSync(metadata, 'utf8')).NWBFile.lab).toBe(lab);
  }
  const brokenOutput =
    (await failed.getByTestId('batch-output').textContent()) ?? '';
  expect(fs.existsSync(path.join(root, brokenOutput))).toBe(false);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await page.screenshot({
      path: path.join(ARTIFACTS, `workspace-batch-${theme}.png`)
    });
  }
  await page.theme.setLightTheme();
  expect(logged, logged.join('\n')).toEqual([]);
});
