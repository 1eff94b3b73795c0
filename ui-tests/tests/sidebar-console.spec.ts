/**
 * Issue 15: no console error or warning during the sidebar's whole flow (load →
 * search → pick → edit → convert → done). Every message of level error or
 * warning the page logs is collected, whatever logged it, and must be none.
 */

import { expect, test } from '@jupyterlab/galata';
import type { ConsoleMessage } from '@playwright/test';

import { SIDEBAR, SIDEBAR_TAB, startConversion } from './helpers';
import { openWorkspace } from './workspaceHelpers';

test.use({ autoGoto: false });

test('the sidebar flow logs no console error or warning', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120000);
  const logged: string[] = [];
  const keep = (message: ConsoleMessage) => {
    // JupyterLab times its own plugins' activation and warns when one is slow; on a loaded
    // test machine that says nothing about this flow (ours are still held to it).
    const slowCorePlugin =
      /^Plugin @jupyterlab\/\S+ \(with \d+ dependants\) took [\d.]+ms to activate/.test(
        message.text()
      );
    if (
      (message.type() === 'error' || message.type() === 'warning') &&
      !slowCorePlugin
    ) {
      const where = message.location();
      logged.push(
        `${message.type()}: ${message.text()} (${where.url}:${where.lineNumber})`
      );
    }
  };
  page.on('console', keep);
  page.on('pageerror', error => logged.push(`pageerror: ${error.message}`));
  await page.goto();
  if (!(await page.locator(SIDEBAR).isVisible())) {
    await page.locator(SIDEBAR_TAB).click();
  }
  const panel = page.locator(SIDEBAR);
  const form = panel.getByRole('form', { name: 'Search sessions' });
  await form.locator('input[name="subject"]').fill('KS074');
  await form.locator('input[name="subject"]').press('Enter');
  // The form and Convert are in the session's workspace (main area).
  const ws = await openWorkspace(page, panel);
  const description = ws.getByLabel('Session description');
  await description.fill('A session converted while the console is watched.');
  await ws
    .locator('input[name="metadataPath"]')
    .fill(`${tmpPath}/watched.metadata.json`);
  await ws
    .locator('input[name="output"]')
    .fill(`${tmpPath}/sub-KS074/watched.nwb`);
  const job = await startConversion(ws);
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 90000 });
  await expect(ws.getByTestId('convert-note')).toContainText('Converted to');
  expect(logged, logged.join('\n')).toEqual([]);
});
