/**
 * The batch-status panel on a batch folder made by the real CLI (one session converted, one
 * failed on a truncated dataset, one in a shard that never ran): counts, the failure's reason
 * and log tail one keyboard press away, a converted file opened in the viewer; light and dark.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import { gotoFailingOnPageErrors, serverRoot } from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const GOOD = '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1';
const BROKEN = '2b7095e9-77a5-4f93-95f7-e22949bffc4e';
const NEVER_RUN = '0c7e0b8e-5a3c-4d6e-9f1a-2b3c4d5e6f70';
const SPIKES =
  'cortexlab/Subjects/KS074/2021-11-17/001/alf/probe00/pykilosort/spikes.times.npy';
const BATCH_TAB = '.jp-SideBar.jp-mod-left [data-id="jp-IblNwb-batch"]';
const PANEL = '#jp-IblNwb-batch';

test.use({ autoGoto: false });
gotoFailingOnPageErrors();

/** OUT of `ibl2nwb batch --shard 0/2` over [GOOD, NEVER_RUN, BROKEN] with BROKEN's spikes cut short. */
function makeBatch(root: string, folder: string): void {
  const cache = path.join(root, folder, 'cache');
  fs.cpSync(SAMPLE, cache, { recursive: true });
  const spikes = path.join(cache, SPIKES);
  fs.truncateSync(spikes, fs.statSync(spikes).size - 28);
  const list = path.join(root, folder, 'eids.txt');
  fs.writeFileSync(list, `${GOOD}\n${NEVER_RUN}\n${BROKEN}\n`);
  const run = spawnSync(
    process.execPath,
    [
      CLI,
      'batch',
      list,
      '--cache',
      cache,
      '-o',
      path.join(root, folder, 'out'),
      '--shard',
      '0/2'
    ],
    { encoding: 'utf8', timeout: 120000 }
  );
  expect(run.status, run.stderr).toBe(1); // one session failed
}

test('a batch folder shows done, failed with its reason, and pending', async ({
  page,
  tmpPath
}) => {
  await page.goto();
  makeBatch(await serverRoot(page), tmpPath);
  await page.locator(BATCH_TAB).click();
  const panel = page.locator(PANEL);
  const input = panel.locator('#jp-IblNwb-batchFolder');

  // A folder that is not a batch: the server's message, not a crash.
  await input.fill(`${tmpPath}/cache`);
  await input.press('Enter');
  await expect(panel.getByTestId('batch-error')).toContainText(
    'holds no batch'
  );

  await input.fill(`${tmpPath}/out`);
  await input.press('Enter');
  const counts = panel.getByTestId('batch-counts');
  await expect(counts).toContainText('1 done');
  await expect(counts).toContainText('1 failed');
  await expect(counts).toContainText('1 pending');
  await expect(panel.locator(`li[data-eid="${NEVER_RUN}"]`)).toContainText(
    'not started yet (shard 1/2)'
  );

  // The reason is one key press away: focus the failure's summary, Enter.
  const failure = panel
    .locator(`li[data-eid="${BROKEN}"]`)
    .getByTestId('batch-failure');
  await expect(failure.locator('summary')).toContainText('DATASET_INVALID');
  await failure.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(failure).toHaveAttribute('open', '');
  await expect(failure.getByTestId('batch-reason')).toContainText(
    'spikes.times.npy'
  );
  await expect(failure.getByTestId('batch-reason')).toContainText('truncated');
  await expect(failure.getByTestId('batch-tail')).toContainText(
    'ibl2nwb convert:'
  );

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    } else {
      await page.theme.setLightTheme();
    }
    await panel.screenshot({
      path: path.join(ARTIFACTS, `batch-status-${theme}.png`)
    });
  }
  await page.theme.setLightTheme();

  // A converted session opens in the NWB viewer.
  await panel.locator(`li[data-eid="${GOOD}"] button`).click();
  await expect(
    page.locator('.lm-TabBar-tabLabel', { hasText: `ses-${GOOD}` })
  ).toBeVisible({ timeout: 30000 });
});
