import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * #17: a LINDI index (.lindi.json, chunks from the HDF5 file beside it) and
 * a Zarr NWB folder (.nwb.zarr, hdmf-zarr) open in the viewer like .nwb:
 * the tree, then the Units table's default view, with no console error.
 * The copies are made by lindi and hdmf-zarr (tests/python/formats).
 */
const SAMPLE = path.resolve(
  __dirname,
  '../../../shared/nwb-samples/neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb'
);
const MAKER = path.resolve(
  __dirname,
  '../../tests/python/formats/make_formats.py'
);
const VIEWER = '.jp-NwbViewer:visible';

/** The server's root on disk: Zarr metadata are dotfiles, which the contents API refuses to upload. */
async function serverRoot(page: IJupyterLabPageFixture): Promise<string> {
  const root = await page.evaluate(
    () =>
      JSON.parse(document.getElementById('jupyter-config-data')!.textContent!)
        .serverRoot as string
  );
  expect(root).toBeTruthy();
  return root.replace(/^~/, process.env.HOME ?? '~');
}

async function expectTreeAndUnits(page: IJupyterLabPageFixture): Promise<void> {
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  for (const object of ['/acquisition/ElectricalSeries', '/units']) {
    await expect(viewer.locator(`li[data-path="${object}"]`)).toHaveCount(1);
  }
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  await expect(
    viewer.locator('.jp-NwbViewer-view[data-rendered="true"]')
  ).toBeVisible({ timeout: 60000 });
  await expect(viewer.getByTestId('nwb-cannot-display')).toHaveCount(0);
}

test.describe('LINDI and Zarr NWB files open in the viewer (#17)', () => {
  test('a .lindi.json and a .nwb.zarr folder show the tree and the units', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(180000);
    const errors: string[] = [];
    page.on('console', m => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', e => errors.push(e.message));

    const folder = path.join(await serverRoot(page), tmpPath);
    fs.mkdirSync(folder, { recursive: true });
    execFileSync(process.env.PYTHON ?? 'python3', [MAKER, SAMPLE, folder], {
      stdio: 'pipe'
    });
    await page.filebrowser.openDirectory(tmpPath);

    await page.filebrowser.open('ecephys_tutorial_v2.5.0.lindi.json');
    await expectTreeAndUnits(page);
    await page.screenshot({ path: 'ui-tests/artifacts/formats-lindi.png' });

    const item = page.locator(
      '.jp-DirListing-item[data-isdir="true"]:has-text("ecephys_tutorial_v2.5.0.nwb.zarr")'
    );
    await item.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Open in NWB Viewer' }).click();
    await expectTreeAndUnits(page);
    await page.screenshot({ path: 'ui-tests/artifacts/formats-zarr.png' });

    expect(errors).toEqual([]);
  });
});
