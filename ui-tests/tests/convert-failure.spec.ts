/**
 * A conversion that fails on the server (here: a truncated dataset, as after
 * an interrupted download) shows the converter's error in its job, says which
 * step failed, and leaves no .nwb behind.
 */
import * as fs from 'fs';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import {
  gotoFailingOnPageErrors,
  SIDEBAR,
  SIDEBAR_TAB,
  serverRoot,
  startConversion
} from './helpers';
import { openWorkspace } from './workspaceHelpers';

const REPO = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const SPIKES =
  'cortexlab/Subjects/KS074/2021-11-17/001/alf/probe00/pykilosort/spikes.times.npy';

test.use({ autoGoto: false });
gotoFailingOnPageErrors();

test('a failed conversion shows its error and leaves no .nwb', async ({
  page,
  tmpPath
}) => {
  // A copy of the bundled sample with one spike-times file cut short.
  const root = await serverRoot(page);
  const cache = `${tmpPath}/cache`;
  fs.cpSync(SAMPLE, path.join(root, cache), { recursive: true });
  const spikes = path.join(root, cache, SPIKES);
  fs.truncateSync(spikes, fs.statSync(spikes).size - 28);

  await page.locator(SIDEBAR_TAB).click();
  const sidebar = page.locator(SIDEBAR);
  const search = sidebar.getByRole('form', { name: 'Search sessions' });
  await search.locator('input[name="cache"]').fill(cache);
  await search.locator('input[name="subject"]').fill('KS074');
  await search.locator('input[name="subject"]').press('Enter');
  // The form, Convert and the job are in the session's workspace.
  const panel = await openWorkspace(page, sidebar);
  await expect(panel.getByTestId('metadata-status')).toHaveAttribute(
    'data-problems',
    '0'
  );
  const output = `${tmpPath}/broken.nwb`;
  await panel.locator('input[name="metadataPath"]').fill(`${tmpPath}/m.json`);
  await panel.locator('input[name="output"]').fill(output);
  const job = await startConversion(panel);
  await expect(job).toHaveAttribute('data-status', 'failed', {
    timeout: 60000
  });
  const error = job.getByTestId('job-error');
  await expect(error).toContainText('spikes.times.npy');
  await expect(error).toContainText('truncated');
  await expect(error).toContainText('download it again');
  // The report says what was written before the failure and what failed.
  const report = job.getByTestId('fidelity-report');
  await expect(report).toContainText('1 failed');
  await expect(report.getByTestId('report-unverified')).toContainText(
    'not verified'
  );
  await report.locator('summary').click();
  await expect(report).toContainText('Spike sorting');
  await job.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: path.join(ARTIFACTS, 'convert-failed-light.png')
  });

  expect(fs.existsSync(path.join(root, output))).toBe(false);
  expect(fs.existsSync(path.join(root, `${output}.part`))).toBe(false);
});
