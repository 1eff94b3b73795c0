import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertGeneratedSession } from './generatedSession';

/**
 * One units filter for every view of a viewer tab, on a session generated
 * and converted by the project's CLI: the raster and the units table show
 * only the kept units (h5py + iblatlas' CSV say which), a wrong column is
 * named inline, the filter survives a reload, and "Copy code" / "Insert
 * into notebook" give the NWBView and pynwb code. Light and dark
 * screenshots; no console error.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const REPO = path.resolve(__dirname, '../..');
const WORK = path.join(os.tmpdir(), `viewer-filter-${process.pid}`);
const FILE = path.join(WORK, 'ibl.nwb');
const ARTIFACTS = 'ui-tests/artifacts';
const EXPRESSION = 'region in ["MB"]';

/**
 * Units of FILE inside the midbrain (MB), from h5py and the atlas CSV, and the
 * electrodes rows that hold them (each unit's first electrode: its peak channel).
 */
function expectedUnits(): {
  kept: number[];
  total: number;
  electrodes: number[];
} {
  const code = [
    'import csv, json, sys, h5py, numpy as np',
    'rows = list(csv.DictReader(open(sys.argv[2], newline="")))',
    'mb = next(r["id"] for r in rows if r["acronym"] == "MB")',
    'inside = {r["acronym"] for r in rows if f"/{mb}/" in (r["structure_id_path"] or "")}',
    'f = h5py.File(sys.argv[1], "r")',
    'allen = [v.decode() for v in f["units/allen_location"][:]]',
    'kept = [i for i, a in enumerate(allen) if a in inside]',
    'ends = f["units/electrodes_index"][:]',
    'flat = f["units/electrodes"][:]',
    'peaks = sorted({int(flat[0 if u == 0 else ends[u - 1]]) for u in kept})',
    'print(json.dumps({"kept": kept, "total": len(allen), "electrodes": peaks}))'
  ].join('\n');
  return JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      code,
      FILE,
      path.join(REPO, 'jupyterlab_ibl_nwb/atlas/allen_structure_tree.csv')
    ]).toString()
  );
}

test.use({ autoGoto: false });
test.setTimeout(120000);

test.beforeAll(() => {
  convertGeneratedSession({
    cache: path.join(WORK, 'cache'),
    out: FILE
  });
});

test.afterAll(() => {
  fs.rmSync(WORK, { recursive: true, force: true });
});

test('a units filter drives the raster and the units table; code goes to a notebook', async ({
  page,
  tmpPath
}) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  const { kept, total, electrodes } = expectedUnits();
  expect(electrodes.length).toBeGreaterThan(0);
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThan(total);

  await page.goto();
  await page.contents.uploadFile(FILE, `${tmpPath}/ibl.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('ibl.nwb');
  const viewer = page.locator('.jp-NwbViewer');
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  const raster = viewer.getByTestId('nwb-raster');
  await expect(raster).toHaveAttribute('data-spikes', /\d+/, {
    timeout: 60000
  });
  const shownUnits = async () =>
    ((await raster.getAttribute('data-units')) ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number)
      .sort((a, b) => a - b);
  expect(await shownUnits()).toHaveLength(total);

  // A wrong column is named, with its position, and nothing is filtered.
  const box = viewer.getByLabel('filter units');
  await box.fill('firing_rat > 1');
  await box.press('Enter');
  await expect(viewer.getByTestId('nwb-filter-error')).toContainText(
    'unknown column "firing_rat"'
  );
  await expect(viewer.getByTestId('nwb-filter-error')).toContainText(
    'position 1'
  );

  await box.fill(EXPRESSION);
  await box.press('Enter');
  await expect(viewer.getByTestId('nwb-filter-count')).toHaveText(
    `${kept.length} of ${total} units`
  );
  await expect(viewer.getByTestId('nwb-filter-error')).toBeEmpty();
  await expect.poll(shownUnits).toEqual(kept);
  await expect(
    viewer.locator('.jp-NwbViewer-view .jp-NwbViewer-range').first()
  ).toContainText(`filtered: ${EXPRESSION}`);
  await page.waitForTimeout(300);
  await viewer.screenshot({ path: `${ARTIFACTS}/viewer-filter-light.png` });

  // The probe layout of the electrodes table fades the electrodes that hold no kept
  // unit: the kept ones are the kept units' peak electrodes (h5py above).
  const electrodesPath = '/general/extracellular_ephys/electrodes';
  await viewer.locator('.jp-NwbViewer-search').fill(electrodesPath);
  await viewer
    .locator(`li[data-path="${electrodesPath}"] > .jp-NwbViewer-treeRow`)
    .click();
  await viewer.locator('.jp-NwbViewer-tab[data-view="probe"]').click();
  const probe = viewer.getByTestId('nwb-probe');
  await expect(probe).toHaveAttribute(
    'data-kept-electrodes',
    electrodes.join(','),
    { timeout: 60000 }
  );
  await expect(
    viewer.locator('.jp-NwbViewer-view .jp-NwbViewer-range').first()
  ).toContainText(
    `${electrodes.length} hold the ${kept.length} of ${total} units kept · filtered: ${EXPRESSION} (/units)`
  );
  await viewer.screenshot({
    path: `${ARTIFACTS}/viewer-filter-probe-light.png`
  });
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  await expect(raster).toHaveAttribute('data-spikes', /\d+/, {
    timeout: 60000
  });

  // The units table of the same tab shows the same units.
  await viewer.locator('.jp-NwbViewer-tab[data-view="units"]').click();
  const table = viewer.getByTestId('nwb-units-table');
  await expect(table).toBeVisible({ timeout: 60000 });
  const rows = table.locator('tbody tr[data-unit]');
  await expect(rows).toHaveCount(kept.length);
  const tableUnits = (await rows.evaluateAll(trs =>
    trs.map(tr => Number(tr.getAttribute('data-unit')))
  )) as number[];
  expect(tableUnits.sort((a, b) => a - b)).toEqual(kept);
  await expect(viewer.locator('.jp-NwbViewer-view')).toContainText(
    `of ${kept.length} · filtered: ${EXPRESSION}`
  );

  // The PSTH's unit picker offers the kept units only; the summary counts them.
  await viewer.locator('.jp-NwbViewer-tab[data-view="psth"]').click();
  const picker = viewer.getByLabel('unit', { exact: true });
  await expect(picker.locator('option')).toHaveCount(kept.length, {
    timeout: 60000
  });
  const offered = (await picker
    .locator('option')
    .evaluateAll(options =>
      options.map(o => Number((o as HTMLOptionElement).value))
    )) as number[];
  expect(offered).toEqual(kept);
  await viewer.locator('.jp-NwbViewer-tab[data-view="summary"]').click();
  await expect(viewer.locator('.jp-NwbViewer-view')).toContainText(
    `${kept.length} kept · filtered: ${EXPRESSION}`,
    { timeout: 60000 }
  );
  await viewer.locator('.jp-NwbViewer-tab[data-view="units"]').click();
  await expect(table).toBeVisible({ timeout: 60000 });

  // Copy code: the NWBView call and pynwb code with the filter as a pandas query.
  await viewer.getByRole('button', { name: 'Copy code' }).click();
  const code = viewer.getByTestId('nwb-code');
  // The Units view is not the table's first: NWBView is told to open it.
  await expect(code).toContainText(
    `NWBView("${tmpPath}/ibl.nwb", "/units", view="units")`
  );
  await expect(code).toContainText('kept = columns.query(');
  await expect(code).toContainText('"region": obj["allen_location"].data[:]');

  // Insert without a notebook says to open one.
  await viewer.getByRole('button', { name: 'Insert into notebook' }).click();
  await expect(code).toContainText('No notebook is open');

  // The filter survives a reload of the tab.
  await page.waitForTimeout(1500);
  await page.reload({ waitForIsReady: false });
  await page.waitForSelector('.jp-NwbViewer-status[data-ready="true"]', {
    timeout: 60000
  });
  await expect(viewer.getByLabel('filter units')).toHaveValue(EXPRESSION);
  await expect(viewer.getByTestId('nwb-filter-count')).toHaveText(
    `${kept.length} of ${total} units`
  );
  await expect(viewer.getByTestId('nwb-units-table')).toBeVisible({
    timeout: 60000
  });
  await expect(
    viewer.getByTestId('nwb-units-table').locator('tbody tr[data-unit]')
  ).toHaveCount(kept.length);

  // Insert into a notebook beside the file: a new cell below the active one.
  await page.notebook.createNew('filter.ipynb');
  await page.activity.activateTab('ibl.nwb');
  await viewer.getByRole('button', { name: 'Insert into notebook' }).click();
  await expect(viewer.getByTestId('nwb-code')).toContainText(
    `Inserted into ${tmpPath}/filter.ipynb`
  );
  await page.activity.activateTab('filter.ipynb');
  const cells = page.locator('.jp-NotebookPanel .jp-Cell');
  await expect(cells).toHaveCount(2);
  await expect(cells.nth(1)).toContainText(
    'NWBView("ibl.nwb", "/units", view="units")'
  );
  await expect(cells.nth(1)).toContainText(EXPRESSION);

  // Dark theme, then one click clears the filter.
  await page.activity.activateTab('ibl.nwb');
  await page.theme.setDarkTheme();
  await page.waitForTimeout(300);
  await viewer.screenshot({ path: `${ARTIFACTS}/viewer-filter-dark.png` });
  await viewer.locator('.jp-NwbViewer-filterClear').click();
  await expect(viewer.getByTestId('nwb-filter-count')).toHaveText('');
  await expect(
    viewer.getByTestId('nwb-units-table').locator('tbody tr[data-unit]')
  ).toHaveCount(total);
  expect(errors).toEqual([]);
});
