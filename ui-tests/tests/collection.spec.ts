/**
 * "Open as NWB collection" on a folder of converted sessions: the sessions
 * table, the region view (firing rates, pooled PSTH), a drill down to one
 * unit in the viewer, and a second opening served from the index cache.
 * Screenshots in light and dark in ui-tests/artifacts/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { gotoFailingOnPageErrors, serverRoot } from './helpers';
import { reloadRestored } from './workspaceHelpers';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const FIXTURES = path.resolve(REPO, '..', 'shared', 'fixtures');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const SESSIONS = 4;
const MENU_ITEM = '.lm-Menu-item:visible:has-text("Open as NWB collection")';

let generated: string | null = null;

/** Four small sessions generated and converted once per run (~20 s), as `ibl2nwb batch` writes them. */
function convertedSessions(): string {
  if (generated) {
    return generated;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ibl-nwb-collection-ui-'));
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
      '5',
      '--size',
      'tiny',
      '--fixtures',
      FIXTURES
    ],
    { cwd: REPO, stdio: 'pipe' }
  );
  // The eids are the session folders' records in the generated cache: let the CLI list them.
  const found = execFileSync(
    'node',
    [CLI, 'search', '--cache', cache, '--json'],
    { encoding: 'utf8' }
  );
  const eids = found
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
  execFileSync(
    'node',
    [
      CLI,
      'batch',
      listing,
      '--cache',
      cache,
      '-o',
      path.join(work, 'nwb'),
      '--jobs',
      '2',
      '--modalities',
      'trials,spike_sorting,localization'
    ],
    { stdio: 'pipe' }
  );
  generated = path.join(work, 'nwb');
  return generated;
}

async function openCollection(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  folder: string
) {
  await page.filebrowser.openDirectory(tmpPath);
  const item = page.locator(
    `.jp-DirListing-item:has(.jp-DirListing-itemText :text-is("${folder}"))`
  );
  await item.click();
  await item.click({ button: 'right' });
  await page.locator(MENU_ITEM).click();
  const panel = page.locator('.jp-NwbCollection');
  await expect(panel.getByTestId('collection-status')).toHaveAttribute(
    'data-ready',
    'true',
    { timeout: 60_000 }
  );
  return panel;
}

test.use({ autoGoto: false });

test.describe('NWB collection', () => {
  gotoFailingOnPageErrors();

  for (const theme of ['light', 'dark'] as const) {
    test(`sessions table → region → pooled PSTH → unit in the viewer (${theme})`, async ({
      page,
      tmpPath
    }) => {
      test.setTimeout(240_000);
      const shot = (name: string) =>
        page.screenshot({
          path: path.join(ARTIFACTS, `collection-${name}-${theme}.png`)
        });
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      } else {
        await page.theme.setLightTheme();
      }
      const folder = `sessions-${theme}`;
      fs.cpSync(
        convertedSessions(),
        path.join(await serverRoot(page), tmpPath, folder),
        { recursive: true }
      );

      const panel = await openCollection(page, tmpPath, folder);
      const status = panel.getByTestId('collection-status');
      await expect(status).toContainText(`${SESSIONS} sessions`);
      await expect(status).toContainText(`${SESSIONS} read`);
      const sessions = panel
        .getByTestId('collection-sessions')
        .locator('tbody tr');
      await expect(sessions).toHaveCount(SESSIONS);
      // Every row has a subject, a date and units (what the converted files hold).
      for (let r = 0; r < SESSIONS; r++) {
        const cells = sessions.nth(r).locator('td');
        await expect(cells.nth(0)).not.toBeEmpty();
        await expect(cells.nth(1)).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
        await expect(cells.nth(4)).toHaveText(/^[1-9]\d*$/);
      }
      await shot('sessions');

      // Sorted by a header click (most trials first), then by the keyboard the other
      // way; then by date (oldest first).
      const column = async (n: number) =>
        sessions.locator(`td:nth-child(${n})`).allInnerTexts();
      const header = (name: string) =>
        panel
          .getByTestId('collection-sessions')
          .locator(`th[data-column="${name}"]`);
      await header('trials').getByRole('button').click();
      await expect(header('trials')).toHaveAttribute('aria-sort', 'descending');
      const trials = (await column(6)).map(Number);
      expect(trials).toEqual([...trials].sort((a, b) => b - a));
      await expect(header('trials').getByRole('button')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(header('trials')).toHaveAttribute('aria-sort', 'ascending');
      expect((await column(6)).map(Number)).toEqual([...trials].reverse());
      await header('date').getByRole('button').click();
      await expect(header('date')).toHaveAttribute('aria-sort', 'ascending');
      await expect(header('trials')).toHaveAttribute('aria-sort', 'none');
      const dates = await column(2);
      expect(dates).toEqual([...dates].sort());
      await expect(sessions).toHaveCount(SESSIONS);
      await shot('sessions-sorted');
      if (theme === 'light') {
        // A reload reopens the folder's collection tab, read from the index cache.
        await reloadRestored(page);
        const restored = page.locator('.jp-NwbCollection');
        await expect(restored.getByTestId('collection-status')).toHaveAttribute(
          'data-ready',
          'true',
          { timeout: 60_000 }
        );
        await expect(
          restored.getByTestId('collection-sessions').locator('tbody tr')
        ).toHaveCount(SESSIONS);
        await expect(restored.getByTestId('collection-status')).toContainText(
          `${SESSIONS} from the index cache`
        );
        await expect(
          page.locator('.lm-TabBar-tab', { hasText: `Collection: ${folder}` })
        ).toHaveCount(1);
      }

      // The busiest region (first row) pools units of several sessions.
      const region = panel
        .getByTestId('collection-regions')
        .locator('tbody tr')
        .first();
      const name = await region.getAttribute('data-region');
      await region.click();
      await expect(
        panel.locator('[data-testid="collection-rates"].js-plotly-plot')
      ).toBeVisible({ timeout: 30_000 });
      const psthStatus = panel.getByTestId('collection-psth-status');
      await expect(psthStatus).toHaveAttribute('data-done', 'true', {
        timeout: 60_000
      });
      await expect(psthStatus).toContainText('units pooled');
      // plotly makes the plot element itself a `.js-plotly-plot`.
      const plot = panel.locator(
        '[data-testid="collection-psth"].js-plotly-plot'
      );
      await expect(plot).toBeVisible();
      // Mean lines carry `label (n units)`; one per contrast.
      const legends = await plot.evaluate(element =>
        ((element as unknown as { data: { name?: string }[] }).data ?? [])
          .map(t => t.name)
          .filter(Boolean)
      );
      expect(legends.length).toBeGreaterThanOrEqual(2);
      expect(legends.every(l => /\(\d+ units\)$/.test(l as string))).toBe(true);
      await expect(panel.locator('h3', { hasText: `${name} —` })).toBeVisible();
      await panel
        .locator('h3', { hasText: `${name} —` })
        .evaluate(e => e.scrollIntoView({ block: 'start' }));
      await shot('region');

      // Drill down: the unit's trial raster + PSTH in the single-file viewer.
      const firstUnit = panel
        .getByTestId('collection-units')
        .locator('tbody tr')
        .first();
      const row = await firstUnit.locator('td').nth(2).textContent();
      await firstUnit.getByTestId('collection-unit-open').click();
      const view = page.locator(
        '.jp-NwbViewer .jp-NwbViewer-view[data-view-id="psth"][data-rendered="true"]'
      );
      await expect(view).toBeVisible({ timeout: 60_000 });
      await expect(view.locator('select[aria-label="unit"]')).toHaveValue(
        String(row)
      );
      await shot('unit');

      // A second opening reads nothing: every summary comes from the index cache.
      await page.evaluate(() =>
        (window as any).jupyterapp.commands.execute('application:close-all')
      );
      const again = await openCollection(page, tmpPath, folder);
      await expect(again.getByTestId('collection-status')).toContainText(
        `0 read (0 B), ${SESSIONS} from the index cache`
      );
    });
  }
});
