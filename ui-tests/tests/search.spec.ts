import { execFileSync } from 'child_process';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import { gotoFailingOnPageErrors, SIDEBAR, SIDEBAR_TAB } from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
const LEGACY_CACHE = path.resolve(
  REPO,
  '..',
  'shared',
  'fixtures',
  'ONE',
  'one',
  'tests',
  'fixtures'
);
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');

/** What the search backend (checked against Python ONE in pytest) returns for these filters. */
function expectedSessions(args: string[]): { eid: string; subject: string }[] {
  const out = execFileSync(
    'node',
    [
      path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs'),
      'search',
      '--cache',
      LEGACY_CACHE,
      '--json',
      ...args
    ],
    { encoding: 'utf8' }
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

test.use({ autoGoto: false });

test.describe('Finding a session in a ONE cache', () => {
  gotoFailingOnPageErrors(async ({ page, tmpPath }) => {
    for (const table of ['sessions.pqt', 'datasets.pqt']) {
      await page.contents.uploadFile(
        path.join(LEGACY_CACHE, table),
        `${tmpPath}/one_cache/${table}`
      );
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`search by subject and date range, then select a session (${theme})`, async ({
      page,
      tmpPath
    }) => {
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      }
      await page.locator(SIDEBAR_TAB).click();
      const panel = page.locator(SIDEBAR);
      const form = panel.getByRole('form', { name: 'Search sessions' });
      await form.locator('input[name="cache"]').fill(`${tmpPath}/one_cache`);
      await form.locator('input[name="subject"]').fill('KS005');
      await form.locator('input[name="dateFrom"]').fill('2019-04-10');
      await form.locator('input[name="dateTo"]').fill('2019-04-11');
      await form.locator('input[name="subject"]').press('Enter');

      const expected = expectedSessions([
        '--subject',
        'KS005',
        '--date-range',
        '2019-04-10,2019-04-11'
      ]);
      expect(expected.length).toBeGreaterThan(1);
      await expect(panel.getByTestId('result-count')).toHaveText(
        `${expected.length} sessions`
      );
      const rows = panel.locator('.jp-IblNwb-sessionRow');
      await expect(rows).toHaveCount(expected.length);
      await page.screenshot({
        path: path.join(ARTIFACTS, `search-results-${theme}.png`)
      });

      // Keyboard: focus the list, arrow down twice selects the second session;
      // only where the selection stops are its details asked of the server.
      const detailRequests: string[] = [];
      page.on('request', request => {
        if (request.url().includes('/jupyterlab-ibl-nwb/sessions/')) {
          detailRequests.push(request.url());
        }
      });
      await panel.getByRole('listbox').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const second = expected[1].eid;
      await expect(
        panel.locator(`.jp-IblNwb-sessionRow[data-eid="${second}"]`)
      ).toHaveAttribute('aria-selected', 'true');
      const detail = panel.locator(
        `.jp-IblNwb-sessionDetail[data-eid="${second}"]`
      );
      await expect(detail).toBeVisible();
      await expect(detail.getByTestId('detail-subject')).toHaveText('KS005');
      expect(detailRequests).toHaveLength(1);
      expect(detailRequests[0]).toContain(second);
      await expect(detail.locator('[data-modality="trials"]')).toHaveAttribute(
        'data-available',
        /true|false/
      );
      await page.screenshot({
        path: path.join(ARTIFACTS, `session-detail-${theme}.png`)
      });
    });
  }

  test('required datasets keep only the sessions that have them all', async ({
    page,
    tmpPath
  }) => {
    const datasets = [
      '_ibl_trials.stimOn_times.npy',
      '_iblrig_leftCamera.raw.mp4'
    ];
    const expected = expectedSessions(datasets.flatMap(d => ['--dataset', d]));
    const all = expectedSessions([]);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    await page.locator(SIDEBAR_TAB).click();
    const panel = page.locator(SIDEBAR);
    const form = panel.getByRole('form', { name: 'Search sessions' });
    await form.locator('input[name="cache"]').fill(`${tmpPath}/one_cache`);
    await form.locator('input[name="datasets"]').fill(datasets.join(', '));
    await form.locator('input[name="datasets"]').press('Enter');
    await expect(panel.getByTestId('result-count')).toHaveText(
      `${expected.length} sessions`
    );
    const shown = await panel
      .locator('.jp-IblNwb-sessionRow')
      .evaluateAll(rows => rows.map(row => row.getAttribute('data-eid')));
    expect(shown.sort()).toEqual(expected.map(s => s.eid).sort());
  });

  test('a missing cache folder shows what to do', async ({ page, tmpPath }) => {
    await page.locator(SIDEBAR_TAB).click();
    const panel = page.locator(SIDEBAR);
    await panel.locator('input[name="cache"]').fill(`${tmpPath}/nowhere`);
    await panel.getByRole('button', { name: 'Search' }).click();
    // Jobs listed below may carry their own errors: look in the search section.
    const searchSection = panel.getByRole('region', { name: 'Find a session' });
    // Refused before any search runs, with what to give instead.
    const alert = searchSection.getByRole('alert');
    await expect(alert).toContainText('nowhere');
    await expect(alert).toContainText('is not a folder');
    await expect(alert).toContainText('give a ONE cache folder');
  });
});
