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
