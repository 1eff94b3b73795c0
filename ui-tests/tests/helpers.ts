/** What the UI specs share: the sidebar's selectors, the server root, page-error checks, jobs. */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

export const SIDEBAR_TAB =
  '.jp-SideBar.jp-mod-left [data-id="jp-IblNwb-sidebar"]';
export const SIDEBAR = '#jp-IblNwb-sidebar';

/** The Jupyter server's root folder on disk (tmpPath is relative to it). */
export async function serverRoot(
  page: IJupyterLabPageFixture
): Promise<string> {
  return page.evaluate(
    () =>
      JSON.parse(
        document.getElementById('jupyter-config-data')?.textContent ?? '{}'
      ).serverRoot as string
  );
}

/**
 * In the calling describe block: open JupyterLab before each test (after
 * `before`, e.g. uploads) and fail the test if the page threw an error.
 */
export function gotoFailingOnPageErrors(
  before?: (fixtures: {
    page: IJupyterLabPageFixture;
    tmpPath: string;
  }) => Promise<void>
): void {
  const pageErrors: string[] = [];
  test.beforeEach(async ({ page, tmpPath }) => {
    pageErrors.length = 0;
    page.on('pageerror', error => pageErrors.push(error.message));
    await before?.({ page, tmpPath });
    await page.goto();
  });
  test.afterEach(() => {
    expect(pageErrors).toEqual([]);
  });
}

/** Press the sidebar's Convert; the job it started (jobs of earlier runs stay listed). */
export async function startConversion(panel: Locator): Promise<Locator> {
  await panel.getByRole('button', { name: 'Convert' }).click();
  const note = panel.getByTestId('convert-note');
  await expect(note).toHaveAttribute('data-job-id', /^[0-9a-f]{12}$/);
  const id = await note.getAttribute('data-job-id');
  return panel.locator(`li.jp-IblNwb-job[data-job-id="${id}"]`);
}
