/**
 * Issue 15: the sidebar finds sessions, a session opens in a workspace tab of the
 * main area. The whole flow at the sidebar's default width and a 1280×800 window,
 * light and dark (screenshots in ui-tests/artifacts/); a reload in the middle of
 * editing brings the tab and the edits back; keyboard only (no mouse event at all):
 * search, pick, convert. No console error or warning in any of them.
 */
import * as fs from 'fs';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import { serverRoot } from './helpers';
import {
  clippedFilters,
  clippedRowTitles,
  openSidebar,
  reloadRestored,
  search,
  sessionWorkspace,
  watchConsole
} from './workspaceHelpers';

const REPO = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const KS074 = '2b7095e9-77a5-4f93-95f7-e22949bffc4e';
const ZFM = '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1';

test.use({ autoGoto: false, viewport: { width: 1280, height: 800 } });

let logged: string[] = [];
test.beforeEach(({ page }) => {
  logged = watchConsole(page);
});
test.afterEach(() => {
  expect(logged, logged.join('\n')).toEqual([]);
});

test('search → workspace → edit → convert → report → viewer, light and dark', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120000);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.goto();
  const panel = await openSidebar(page);
  // The filters fit the sidebar's default width: no clipped date or placeholder.
  expect(await clippedFilters(panel)).toEqual([]);

  await search(panel, { subject: 'KS074' });
  expect(await clippedRowTitles(panel)).toEqual([]);
  await panel.locator(`.jp-IblNwb-sessionRow[data-eid="${KS074}"]`).click();
  await panel.getByRole('button', { name: 'Open workspace' }).click();
  const ws = sessionWorkspace(page, KS074);
  await expect(ws).toBeVisible();
  // The tab is named for the session.
  await expect(
    page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
      hasText: 'KS074 2021-11-17 001'
    })
  ).toBeVisible();
  // Details and what each modality has or lacks (the converter's own judgement).
  await expect(ws.getByTestId('detail-subject')).toHaveText('KS074');
  await expect(ws.locator('.jp-IblNwb-modalities li').first()).toBeVisible();

  const metadata = `${tmpPath}/ks074.metadata.json`;
  await ws.locator('input[name="metadataPath"]').fill(metadata);
  await expect(ws.getByTestId('metadata-status')).toHaveAttribute(
    'data-problems',
    '0',
    { timeout: 30000 }
  );
  const description = ws.getByLabel('Session description');
  const edited = 'Edited in the session workspace.';
  await description.fill(edited);
  await expect(ws.getByTestId('metadata-autosave')).toHaveAttribute(
    'data-state',
    'saved'
  );
  const output = `${tmpPath}/sub-KS074/flow.nwb`;
  await ws.locator('input[name="output"]').fill(output);
  await ws.getByRole('button', { name: 'Convert', exact: true }).click();
  const note = ws.getByTestId('convert-note');
  await expect(note).toHaveAttribute('data-job-id', /^[0-9a-f]{12}$/);
  const job = ws.locator(
    `li.jp-IblNwb-job[data-job-id="${await note.getAttribute('data-job-id')}"]`
  );
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 90000 });
  await expect(job.getByTestId('fidelity-report')).toBeVisible();
  await expect(job.getByTestId('validation')).toBeVisible({ timeout: 30000 });

  const root = await serverRoot(page);
  expect(fs.existsSync(path.join(root, output))).toBe(true);
  const saved = JSON.parse(fs.readFileSync(path.join(root, metadata), 'utf8'));
  expect(saved.NWBFile.session_description).toBe(edited);

  await job.getByTestId('fidelity-report').locator('summary').click();
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await page.screenshot({
      path: path.join(ARTIFACTS, `workspace-flow-${theme}.png`)
    });
  }
  await page.theme.setLightTheme();

  await job.getByRole('button', { name: 'Open in viewer' }).click();
  await expect(
    page.locator('.jp-NwbViewer .jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 30000 });
});

test('a reload in the middle of editing brings the workspace and the edits back', async ({
  page
}) => {
  test.setTimeout(90000);
  await page.goto();
  const panel = await openSidebar(page);
  await search(panel, { subject: 'ZFM-01315' });
  // Enter in the list opens the picked session's workspace.
  await panel.locator('.jp-IblNwb-sessionList').press('ArrowDown');
  await panel.locator('.jp-IblNwb-sessionList').press('Enter');
  const ws = sessionWorkspace(page, ZFM);
  await expect(ws.getByTestId('metadata-status')).toBeVisible({
    timeout: 30000
  });
  const edited = `Half-way edit ${Date.now()}`;
  await ws.getByLabel('Session description').fill(edited);
  await expect(ws.getByTestId('metadata-autosave')).toHaveAttribute(
    'data-state',
    'saved'
  );
  // The state database saves the layout on its own schedule: let it settle.
  await page.waitForTimeout(1500);

  await reloadRestored(page);
  const restored = sessionWorkspace(page, ZFM);
  await expect(restored.getByLabel('Session description')).toHaveValue(edited, {
    timeout: 60000
  });
  await expect(restored.getByTestId('metadata-restored')).toBeVisible();
});

test('keyboard only: search, pick, convert', async ({ page }) => {
  test.setTimeout(120000);
  await page.goto();
  // Any real mouse or pointer event fails the test.
  await page.evaluate(() => {
    const w = window as unknown as { mouseEvents: string[] };
    w.mouseEvents = [];
    for (const type of ['mousedown', 'pointerdown', 'mouseup', 'wheel']) {
      window.addEventListener(
        type,
        event => event.isTrusted && w.mouseEvents.push(type),
        true
      );
    }
  });
  await page.keyboard.press('Control+Shift+C');
  await page.keyboard.type('Open IBL → NWB Sidebar');
  await page.keyboard.press('Enter');
  // The sidebar starts the keyboard in its first filter.
  const subject = page.locator('#jp-IblNwb-sidebar input[name="subject"]');
  await expect(subject).toBeFocused();
  await page.keyboard.type('KS074');
  await page.keyboard.press('Enter');
  // The results take the keyboard: arrows pick, Enter opens.
  const list = page.locator('#jp-IblNwb-sidebar .jp-IblNwb-sessionList');
  await expect(list).toBeFocused({ timeout: 30000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const ws = sessionWorkspace(page, KS074);
  await expect(ws.getByTestId('metadata-status')).toHaveAttribute(
    'data-problems',
    '0',
    { timeout: 30000 }
  );
  // Accel+Enter in the workspace converts (the Convert button's checks).
  await page.keyboard.press('Control+Enter');
  const note = ws.getByTestId('convert-note');
  await expect(note).toHaveAttribute('data-job-id', /^[0-9a-f]{12}$/, {
    timeout: 30000
  });
  const job = ws.locator(
    `li.jp-IblNwb-job[data-job-id="${await note.getAttribute('data-job-id')}"]`
  );
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 90000 });
  expect(
    await page.evaluate(
      () => (window as unknown as { mouseEvents: string[] }).mouseEvents
    )
  ).toEqual([]);
});
