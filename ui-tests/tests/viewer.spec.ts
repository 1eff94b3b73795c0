import { expect, test } from '@jupyterlab/galata';

import { gotoFailingOnPageErrors } from './helpers';
import { execFileSync } from 'child_process';
import * as path from 'path';

/** A clean modern PyNWB file: an ElectricalSeries, an electrodes table, a subject. */
const SAMPLE = path.resolve(
  __dirname,
  '../../../shared/nwb-samples/nwb2bids/docs/expected_files/sub-001_ses-A_ecephys.nwb'
);
const SERIES = '/acquisition/ExampleElectricalSeries';
const TABLE = '/general/extracellular_ephys/electrodes';
const VIEWER = '.jp-NwbViewer';

/** h5py's view of the file (the oracle): typed objects and the table's row count. */
function h5pyFacts(file: string): {
  objects: string[];
  identifier: string;
  electrodes: number;
} {
  const script = [
    'import h5py, json, sys',
    'f = h5py.File(sys.argv[1], "r")',
    'objects = []',
    'f.visititems(lambda n, o: objects.append("/" + n) if "neurodata_type" in o.attrs else None)',
    'ident = f["identifier"][()]',
    'print(json.dumps({"objects": objects, "identifier": ident.decode() if isinstance(ident, bytes) else ident,',
    '  "electrodes": len(f["general/extracellular_ephys/electrodes/id"])}))'
  ].join('\n');
  const python = process.env.PYTHON ?? 'python';
  return JSON.parse(execFileSync(python, ['-c', script, file]).toString());
}

test.use({ autoGoto: false });

test.describe('NWB viewer', () => {
  gotoFailingOnPageErrors();

  test('opens a .nwb file lazily, lists its objects and shows a series and a table', async ({
    page,
    tmpPath
  }) => {
    const facts = h5pyFacts(SAMPLE);
    await page.contents.uploadFile(SAMPLE, `${tmpPath}/ecephys.nwb`);
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.open('ecephys.nwb');

    const viewer = page.locator(VIEWER);
    await expect(
      viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
    ).toBeVisible({
      timeout: 60000
    });
    await expect(viewer.locator('.jp-NwbViewer-error')).toBeHidden();
    // Lazy: the status bar reports range requests, not a whole-file download.
    await expect(viewer.locator('.jp-NwbViewer-status')).not.toContainText(
      'whole file'
    );

    const overview = viewer.getByTestId('nwb-overview');
    await expect(overview).toContainText(facts.identifier);
    await expect(overview).toContainText('ElectricalSeries');
    await page.waitForTimeout(200);
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-overview-light.png'
    });

    // Every typed object h5py finds is in the tree (the search lists them all).
    const search = viewer.locator('.jp-NwbViewer-search');
    await search.fill('/');
    for (const object of facts.objects) {
      await expect(viewer.locator(`li[data-path="${object}"]`)).toHaveCount(1);
    }
    await search.fill('');

    await viewer
      .locator(`li[data-path="${SERIES}"] > .jp-NwbViewer-treeRow`)
      .click();
    const plot = viewer.locator(
      '.jp-NwbViewer-view[data-view-id="timeseries"][data-rendered="true"]'
    );
    await expect(plot).toBeVisible({ timeout: 60000 });
    await expect(
      plot.locator('.jp-NwbViewer-plot .main-svg').first()
    ).toBeVisible();
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-timeseries-light.png'
    });

    await search.fill('electrodes');
    await viewer
      .locator(`li[data-path="${TABLE}"] > .jp-NwbViewer-treeRow`)
      .click();
    const table = viewer.getByTestId('nwb-table');
    await expect(table).toBeVisible({ timeout: 60000 });
    await expect(table.locator('thead')).toContainText('location');
    await expect(table.locator('tbody tr')).toHaveCount(
      Math.min(50, facts.electrodes)
    );
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-table-light.png'
    });

    await page.theme.setDarkTheme();
    await expect(table).toBeVisible();
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-table-dark.png'
    });
    await search.fill('');
    await viewer
      .locator(`li[data-path="${SERIES}"] > .jp-NwbViewer-treeRow`)
      .click();
    await expect(plot).toBeVisible({ timeout: 60000 });
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-timeseries-dark.png'
    });
    await viewer.locator('li[data-path="/"] > .jp-NwbViewer-treeRow').click();
    await expect(overview).toBeVisible();
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-overview-dark.png'
    });
  });

  // Files from four other writers: MatNWB 2018, AqNWB (C++), ndx-pose, PyNWB 2.0b.
  for (const sample of [
    'matnwb/ecephys_tutorial.nwb',
    'aqnwb/build2/data/createESandSES.nwb',
    'ndx-pose/src/pynwb/tests/back_compat/0.3.0_poseestimation_two_cameras.nwb',
    'nwb-explorer/test/nwb_files/pynwb_test_files/test_TimeIntervals.nwb'
  ]) {
    test(`every object of ${sample} has a view that renders`, async ({
      page,
      tmpPath
    }) => {
      const file = path.resolve(
        __dirname,
        '../../../shared/nwb-samples',
        sample
      );
      const name = path.basename(file);
      await page.contents.uploadFile(file, `${tmpPath}/${name}`);
      await page.filebrowser.openDirectory(tmpPath);
      await page.filebrowser.open(name);
      const viewer = page.locator(VIEWER);
      await expect(
        viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
      ).toBeVisible({
        timeout: 60000
      });
      await viewer.locator('.jp-NwbViewer-search').fill('/');
      const objects = await viewer
        .locator('li[data-type]')
        .evaluateAll(items =>
          items.map(item => item.getAttribute('data-path') as string)
        );
      expect(objects.length).toBeGreaterThan(2);
      for (const object of objects) {
        await viewer
          .locator(`li[data-path="${object}"] > .jp-NwbViewer-treeRow`)
          .click();
        const tabs = await viewer
          .locator('.jp-NwbViewer-tab')
          .evaluateAll(items =>
            items.map(item => item.getAttribute('data-view') as string)
          );
        // Every view offered for the object renders: never an error or a blank panel.
        for (const id of tabs) {
          await viewer.locator(`.jp-NwbViewer-tab[data-view="${id}"]`).click();
          const view = viewer.locator(
            `.jp-NwbViewer-view[data-view-id="${id}"]`
          );
          await expect(view).toHaveAttribute('data-rendered', 'true', {
            timeout: 30000
          });
          await expect(view.locator(':scope > *').first()).toBeVisible();
        }
      }
    });
  }

  test('a file that is not HDF5 shows a clear error banner', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      'not really hdf5',
      'text',
      `${tmpPath}/broken.nwb`
    );
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.open('broken.nwb');
    const viewer = page.locator(VIEWER);
    await expect(
      viewer.locator('.jp-NwbViewer-status[data-ready="error"]')
    ).toBeVisible({
      timeout: 60000
    });
    const banner = viewer.locator('.jp-NwbViewer-error');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('broken.nwb');
  });
});
