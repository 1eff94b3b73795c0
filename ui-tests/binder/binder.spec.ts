/**
 * What a visitor of the README's Binder badge meets: JupyterLab at
 * /lab/tree/demo with the IBL → NWB sidebar open and the demo folder in the
 * file browser; then "Convert to NWB…" on the sample session folder with the
 * dialog's defaults finishes (its output folder, nwb/, does not exist yet).
 */
import { expect, type Page, test } from '@playwright/test';

const LAB = process.env.IBL_NWB_BINDER_URL ?? '';
const TOKEN = process.env.IBL_NWB_BINDER_TOKEN ?? '';
// The badge's urlpath (README.md), which test_binder.py checks the README uses.
const BADGE_PATH = 'lab/tree/demo';
const SESSION_PATH = [
  'one-cache',
  'cortexlab',
  'Subjects',
  'KS074',
  '2021-11-17'
];
const SESSION = '001';

const LEFT_TAB = (id: string) => `.jp-SideBar.jp-mod-left [data-id="${id}"]`;
const SIDEBAR = '#jp-IblNwb-sidebar';
const FILE_BROWSER = '#filebrowser';

function listed(page: Page, name: string) {
  return page.locator(
    `${FILE_BROWSER} .jp-DirListing-item:has(.jp-DirListing-itemText :text-is("${name}"))`
  );
}

test('the Binder badge opens the demo with the sidebar open, and Convert to NWB… works with its defaults', async ({
  page
}) => {
  expect(LAB, 'IBL_NWB_BINDER_URL is not set').not.toBe('');
  const pageErrors: string[] = [];
  page.on('pageerror', error => pageErrors.push(error.message));

  await page.goto(`${LAB}/${BADGE_PATH}?token=${encodeURIComponent(TOKEN)}`);
  // The tree route has run once the file browser is in demo/ (shown or not):
  // only then is the left area in its final state.
  await expect(page.locator(`${FILE_BROWSER} .jp-BreadCrumbs`)).toContainText(
    'demo'
  );
  await expect(listed(page, 'one-cache')).toHaveCount(1);
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0);

  // The sidebar is the left area's open panel, not merely one of its tabs.
  await expect(page.locator(SIDEBAR)).toBeVisible();
  await expect(page.locator(LEFT_TAB('jp-IblNwb-sidebar'))).toHaveClass(
    /lm-mod-current/
  );
  await expect(page.locator(SIDEBAR)).toContainText('Convert');

  // The file browser, one click away, shows the demo folder.
  await page.locator(LEFT_TAB('filebrowser')).click();
  await expect(page.locator(FILE_BROWSER)).toBeVisible();
  await expect(listed(page, 'one-cache')).toBeVisible();

  // Down to the sample session's date folder, as a user would.
  for (const folder of SESSION_PATH) {
    await listed(page, folder).dblclick();
    await expect(page.locator(`${FILE_BROWSER} .jp-BreadCrumbs`)).toContainText(
      folder
    );
  }
  const session = listed(page, SESSION);
  await session.click();
  await session.click({ button: 'right' });
  await page
    .locator('.lm-Menu-item:visible:has-text("Convert to NWB…")')
    .click();

  const dialog = page.locator('.jp-Dialog');
  const input = dialog.locator('input');
  // The default: the output folder setting's default (nwb/) and the session's DANDI path
  // (the one naming rule: the subject's folder, then sub-X_ses-<eid>_desc-processed_…).
  await expect(input).toHaveValue(
    /^nwb\/sub-KS074\/sub-KS074_ses-[0-9a-f-]{36}_desc-processed_behavior\+ecephys\.nwb$/
  );
  const output = await input.inputValue();
  // Jobs of earlier runs stay listed (a restarted server keeps them): the new one is the one not there yet.
  const earlier = await page
    .locator(`${SIDEBAR} li.jp-IblNwb-job`)
    .evaluateAll(items => items.map(item => item.getAttribute('data-job-id')));
  await dialog.getByRole('button', { name: 'Convert' }).click();

  const job = page.locator(
    `${SIDEBAR} li.jp-IblNwb-job[data-output="${output}"]` +
      earlier.map(id => `:not([data-job-id="${id}"])`).join('')
  );
  await expect(job).toHaveAttribute('data-status', /^(done|failed)$/, {
    timeout: 180 * 1000
  });
  expect(
    await job.getAttribute('data-status'),
    `the job failed: ${await job.innerText()}`
  ).toBe('done');
  expect(pageErrors).toEqual([]);
});
