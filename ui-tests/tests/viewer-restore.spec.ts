/**
 * A reload of JupyterLab brings a viewer tab back as it was: the same
 * object, view and time window.
 */
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import { gotoFailingOnPageErrors } from './helpers';

const SAMPLE = path.resolve(
  __dirname,
  '../../../shared/nwb-samples/nwb2bids/docs/expected_files/sub-001_ses-A_ecephys.nwb'
);
const SERIES = '/acquisition/ExampleElectricalSeries';

test.use({ autoGoto: false });
gotoFailingOnPageErrors();

test('a reload restores the object, view and time window', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadFile(SAMPLE, `${tmpPath}/ecephys.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('ecephys.nwb');

  const viewer = page.locator('.jp-NwbViewer');
  await viewer
    .locator(`li[data-path="${SERIES}"] > .jp-NwbViewer-treeRow`)
    .click();
  const rendered = viewer.locator('.jp-NwbViewer-view[data-rendered="true"]');
  await expect(rendered).toHaveAttribute('data-view-id', 'timeseries');
  const length = viewer.getByLabel('window length');
  await length.fill('0.25');
  await length.press('Tab'); // commits the value: a change event
  const start = viewer.getByLabel('window start');
  await start.fill('0.5');
  await start.press('Tab');
  // The state database saves on its own schedule: let it settle.
  await page.waitForTimeout(1500);

  // galata's readiness check looks for a Launcher; the restored layout has the viewer instead.
  await page.reload({ waitForIsReady: false });
  await page.waitForSelector('.jp-NwbViewer-status[data-ready="true"]', {
    timeout: 60000
  });
  await expect(viewer.locator('.jp-NwbViewer-viewTitle')).toHaveText(SERIES);
  await expect(rendered).toHaveAttribute('data-view-id', 'timeseries');
  await expect(viewer.getByLabel('window length')).toHaveValue('0.25');
  await expect(viewer.getByLabel('window start')).toHaveValue('0.5');
});
