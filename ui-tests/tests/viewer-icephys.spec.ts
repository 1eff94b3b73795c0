/**
 * Issue #14: the icephys sweeps and I-V curve, the Spectrum, 3-D volume and
 * IndexSeries views, each opened on a pynwb-written file (the shared samples
 * hold none of these), in the light and the dark theme, with no console
 * error. Screenshots in ui-tests/artifacts/viewer-icephys-*.png.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import { extensionLines } from '../../tests/ts/viewer/extensionFixture';
import { ICEPHYS, ICEPHYS_LINES } from '../../tests/ts/viewer/icephysFixture';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.PYTHON ?? path.join(REPO, '.venv', 'bin', 'python');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const NDX = path.join(REPO, 'tests', 'python', 'viewer', 'ndx');
const VIEWER = '.jp-NwbViewer';
/** A real pynwb 1.x (2018) file with an NWB 2.0-2.2 SweepTable. */
const SWEEP_TABLE_SAMPLE = path.resolve(
  REPO,
  '..',
  'shared',
  'nwb-samples',
  'nwb-explorer/test/nwb_files/pynwb_test_files/test_SweepTable.nwb'
);

/** One pynwb file with every object these views draw. */
const SCRIPT = `
import sys
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
from pynwb.base import Images, ImageReferences
from pynwb.image import GrayscaleImage, IndexSeries
nwb = NWBFile("views", "views", datetime(2024, 1, 1, tzinfo=timezone.utc))
${ICEPHYS_LINES}
${extensionLines(NDX)}
yy, xx = np.mgrid[0:32, 0:32]
pictures = [GrayscaleImage(name=f"stim{k}", data=np.sin(xx / (2 + 3 * k)) * np.cos(yy / 5.0)) for k in range(3)]
images = Images(name="pictures", images=pictures, order_of_images=ImageReferences(name="order_of_images", data=pictures))
nwb.add_acquisition(images)
nwb.add_acquisition(IndexSeries(name="index_series", data=np.array([0, 2, 1, 2, 0, 1], dtype="uint32"), indexed_images=images, unit="N/A", rate=2.0))
with NWBHDF5IO(sys.argv[1], "w") as io:
    io.write(nwb)
`;

/** Each view: the object, its tab, and what its drawing reports when drawn. */
const VIEWS = [
  {
    view: 'sweeps',
    object: `${ICEPHYS}/sequential_recordings`,
    drawn: ['[data-sweeps="5"]']
  },
  {
    view: 'iv-curve',
    object: `${ICEPHYS}/sequential_recordings`,
    drawn: ['[data-points="5"]']
  },
  {
    view: 'spectrum',
    object: '/processing/spectra/spectrum',
    drawn: ['[data-lines="2"]']
  },
  {
    view: 'volume',
    object: '/acquisition/volume',
    drawn: ['[data-testid="nwb-volume"][data-plane="z2"]']
  },
  {
    view: 'indexed',
    object: '/acquisition/index_series',
    drawn: [
      '[data-testid="nwb-indexed-image"][data-image="/acquisition/pictures/stim0"]'
    ]
  }
];

let file = '';

test.use({ autoGoto: false });

test.describe('icephys, spectrum, volume and IndexSeries views (#14)', () => {
  test.beforeAll(() => {
    file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-icephys-')),
      'views.nwb'
    );
    execFileSync(PYTHON, ['-c', SCRIPT, file], { stdio: 'pipe' });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`each view draws its object (${theme})`, async ({ page, tmpPath }) => {
      test.setTimeout(120_000);
      const errors: string[] = [];
      page.on('console', m => {
        if (m.type() === 'error') {
          errors.push(m.text());
        }
      });
      page.on('pageerror', e => errors.push(`page error: ${e.message}`));
      await page.goto();
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      } else {
        await page.theme.setLightTheme();
      }
      await page.contents.uploadFile(file, `${tmpPath}/views.nwb`);
      await page.filebrowser.openDirectory(tmpPath);
      await page.filebrowser.open('views.nwb');
      const viewer = page.locator(`${VIEWER}:visible`);
      await expect(
        viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
      ).toBeVisible({ timeout: 60_000 });
      await viewer.locator('.jp-NwbViewer-search').fill('/');
      for (const { view, object, drawn } of VIEWS) {
        await viewer
          .locator(`li[data-path="${object}"] > .jp-NwbViewer-treeRow`)
          .first()
          .click();
        const tab = viewer.locator(`button[data-view="${view}"]`);
        await tab.click();
        const host = viewer.locator(
          `.jp-NwbViewer-view[data-view-id="${view}"][data-rendered="true"]`
        );
        await expect(host, view).toBeVisible({ timeout: 30_000 });
        for (const selector of drawn) {
          await expect(host.locator(selector), view).toBeVisible();
        }
        await expect(host.getByTestId('nwb-cannot-display')).toHaveCount(0);
        await host.screenshot({
          path: path.join(ARTIFACTS, `viewer-icephys-${view}-${theme}.png`)
        });
      }
      expect(errors).toEqual([]);
    });
  }

  test('the sweeps of a real NWB 2.1 SweepTable (light and dark)', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(90_000);
    const errors: string[] = [];
    page.on('console', m => {
      if (m.type() === 'error') {
        errors.push(m.text());
      }
    });
    page.on('pageerror', e => errors.push(`page error: ${e.message}`));
    await page.goto();
    await page.theme.setLightTheme();
    await page.contents.uploadFile(SWEEP_TABLE_SAMPLE, `${tmpPath}/sweeps.nwb`);
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.open('sweeps.nwb');
    const viewer = page.locator(`${VIEWER}:visible`);
    await expect(
      viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
    ).toBeVisible({ timeout: 60_000 });
    await viewer.locator('.jp-NwbViewer-search').fill('/');
    await viewer
      .locator(`li[data-path="${ICEPHYS}/sweep_table"] > .jp-NwbViewer-treeRow`)
      .first()
      .click();
    // The default view of a SweepTable is the sweeps view.
    const host = viewer.locator(
      '.jp-NwbViewer-view[data-view-id="sweeps"][data-rendered="true"]'
    );
    await expect(host).toBeVisible({ timeout: 30_000 });
    await expect(host.locator('[data-sweeps="1"]')).toBeVisible();
    await host.screenshot({
      path: path.join(ARTIFACTS, 'viewer-icephys-sweeptable-light.png')
    });
    await page.theme.setDarkTheme();
    await host.screenshot({
      path: path.join(ARTIFACTS, 'viewer-icephys-sweeptable-dark.png')
    });
    expect(errors).toEqual([]);
  });
});
