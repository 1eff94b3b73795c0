import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

/** A small file from another writer (neuroconv) with a Units table. */
const SAMPLE = path.resolve(
  __dirname,
  '../../../shared/nwb-samples/neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb'
);

test('NWBView in a notebook cell renders the units raster inline', async ({
  page,
  tmpPath
}) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.contents.uploadFile(SAMPLE, `${tmpPath}/x.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.notebook.createNew('nwb.ipynb');
  await page.notebook.setCell(
    0,
    'code',
    'from jupyterlab_ibl_nwb.display import NWBView; NWBView("x.nwb", "/units")'
  );
  await page.notebook.runCell(0);
  const output = page.locator('.jp-OutputArea-output.jp-NwbViewer-output');
  await expect(output).toBeVisible({ timeout: 60000 });
  const view = output.locator(
    '.jp-NwbViewer-view[data-view-id="raster"][data-rendered="true"]'
  );
  await expect(view).toBeVisible({ timeout: 60000 });
  await expect(view.locator('.main-svg').first()).toBeVisible();
  // Only the views: no tree in a notebook output.
  await expect(output.locator('.jp-NwbViewer-tree')).toHaveCount(0);
  await expect(output.locator('.jp-NwbViewer-error')).toBeHidden();
  await output.screenshot({ path: 'ui-tests/artifacts/notebook-nwbview.png' });
  expect(errors).toEqual([]);
});

test('NWBView(view=...) opens that view, and names the views when there is no such one', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadFile(SAMPLE, `${tmpPath}/x.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.notebook.createNew('views.ipynb');
  // By tab label (any case), then an id the units table has no view for.
  await page.notebook.setCell(
    0,
    'code',
    'from jupyterlab_ibl_nwb.display import NWBView; NWBView("x.nwb", "/units", view="table")'
  );
  await page.notebook.addCell(
    'code',
    'NWBView("x.nwb", "/units", view="sweeps")'
  );
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  const outputs = page.locator('.jp-OutputArea-output.jp-NwbViewer-output');
  await expect(outputs).toHaveCount(2, { timeout: 60000 });
  const table = outputs.nth(0);
  await expect(
    table.locator(
      '.jp-NwbViewer-view[data-view-id="table"][data-rendered="true"]'
    )
  ).toBeVisible({ timeout: 60000 });
  await expect(
    table.locator('.jp-NwbViewer-tab.jp-mod-active')
  ).toHaveAttribute('data-view', 'table');
  await expect(table.locator('.jp-NwbViewer-error')).toBeHidden();
  const missing = outputs.nth(1);
  await expect(
    missing.locator(
      '.jp-NwbViewer-view[data-view-id="raster"][data-rendered="true"]'
    )
  ).toBeVisible({ timeout: 60000 });
  const error = missing.locator('.jp-NwbViewer-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText(
    '/units has no "sweeps" view; its views: raster ('
  );
  await expect(error).toContainText('table (Table)');
});
