/**
 * Issue 13: a new modality is one file plus one catalogue line, and the sidebar shows it
 * with nothing else changed. The server runs the real CLI built with the toy modality of
 * tests/ts/toy (npm run build:cli:toy; IBL_NWB_TEST_CLI=ui-tests/toy-cli/ibl2nwb.mjs, read
 * by jupyter_server_test_config.py only); the sidebar's session detail, its convert options
 * and the file browser's "Convert to NWB…" dialog must list exactly what that CLI's
 * `info --json` says, toy included. A sidebar with a list or rules of its own fails here.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import {
  SIDEBAR,
  SIDEBAR_TAB,
  gotoFailingOnPageErrors,
  serverRoot
} from './helpers';
import { openWorkspace } from './workspaceHelpers';

const REPO = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const TOY_CLI = process.env.IBL_NWB_TEST_CLI;
const EID = '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1';
const SESSION_FOLDER = 'mainenlab/Subjects/ZFM-01315/2022-05-17';

interface IModality {
  name: string;
  available: boolean;
  reason: string;
}

/** The toy CLI's own judgement of the sample session. */
function cliModalities(): IModality[] {
  const out = execFileSync(
    'node',
    [TOY_CLI!, 'info', EID, '--cache', SAMPLE, '--json'],
    { encoding: 'utf8' }
  );
  return JSON.parse(out.split('\n')[0]).interfaces.map((i: IModality) => ({
    name: i.name,
    available: i.available,
    reason: i.reason
  }));
}

/** What a modality list in the page shows. */
async function shownModalities(list: Locator): Promise<IModality[]> {
  return list.locator('li[data-modality]').evaluateAll(items =>
    items.map(item => ({
      name: item.getAttribute('data-modality') ?? '',
      available: item.getAttribute('data-available') === 'true',
      reason: item.getAttribute('title') ?? ''
    }))
  );
}

test.use({ autoGoto: false });

test.describe('A toy modality added in one file and one catalogue line', () => {
  // Never a silent skip: the config runs this spec only with the toy CLI (npm run test:ui:toy).
  test.beforeAll(() => {
    if (!TOY_CLI) {
      throw new Error(
        'needs the toy CLI: npm run build:cli:toy, then IBL_NWB_TEST_CLI=ui-tests/toy-cli/ibl2nwb.mjs (npm run test:ui:toy does both)'
      );
    }
  });
  gotoFailingOnPageErrors();

  test('is shown by the sidebar as the CLI lists it', async ({ page }) => {
    // The server runs the toy CLI (else this test would prove nothing).
    const status = await (
      await page.request.get('/jupyterlab-ibl-nwb/status')
    ).json();
    expect(path.resolve(status.cli)).toBe(path.resolve(TOY_CLI!));
    const expected = cliModalities();
    expect(expected.find(m => m.name === 'toy_licks')).toMatchObject({
      available: true,
      reason: 'alf/licks.times.npy'
    });

    // The sidebar's session detail.
    if (!(await page.locator(SIDEBAR).isVisible())) {
      await page.locator(SIDEBAR_TAB).click();
    }
    const panel = page.locator(SIDEBAR);
    const form = panel.getByRole('form', { name: 'Search sessions' });
    await form.locator('input[name="cache"]').fill('');
    await form.locator('input[name="cache"]').press('Enter');
    await panel.locator(`.jp-IblNwb-sessionRow[data-eid="${EID}"]`).click();
    const detail = panel.locator(`.jp-IblNwb-sessionDetail[data-eid="${EID}"]`);
    const toy = detail.locator('[data-modality="toy_licks"]');
    await expect(toy).toHaveAttribute('data-available', 'true');
    await expect(toy).toContainText('Toy licks (test modality)');
    expect(await shownModalities(detail)).toEqual(expected);

    // The convert options (in the session's workspace) offer it, checked, like any
    // available processed modality.
    const ws = await openWorkspace(page, panel, EID);
    const choice = ws.locator('input[name="modality-toy_licks"]');
    await expect(choice).toBeChecked();
    await expect(choice).toBeEnabled();
    await toy.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: path.join(
        REPO,
        'ui-tests',
        'artifacts',
        'catalogue-toy-sidebar.png'
      )
    });
  });

  test("is shown by the file browser's Convert to NWB… dialog as the CLI lists it", async ({
    page,
    tmpPath
  }) => {
    const expected = cliModalities();
    const cache = path.join(await serverRoot(page), tmpPath, 'ONE');
    fs.cpSync(SAMPLE, cache, { recursive: true });
    await page.filebrowser.openDirectory(`${tmpPath}/ONE/${SESSION_FOLDER}`);
    const item = page.locator(
      '.jp-DirListing-item:has(.jp-DirListing-itemText :text-is("001"))'
    );
    await item.click();
    await item.click({ button: 'right' });
    await page
      .locator('.lm-Menu-item:visible:has-text("Convert to NWB…")')
      .click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('[data-modality="toy_licks"]')).toHaveAttribute(
      'data-available',
      'true'
    );
    expect(await shownModalities(dialog)).toEqual(expected);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
