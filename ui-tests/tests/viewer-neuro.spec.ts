import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The neuroscience views on a generated IBL-like session (pynwb, 600 trials,
 * 220 units, 2 probes, behaviour): screenshots in light and dark, and the
 * numbers they show checked against h5py.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const GENERATOR = path.resolve(
  __dirname,
  '../../tests/python/viewer/make_session_nwb.py'
);
const FILE = path.join(os.tmpdir(), `viewer-neuro-${process.pid}.nwb`);
const VIEWER = '.jp-NwbViewer';
const ARTIFACTS = 'ui-tests/artifacts';
/** The ONE cache and NWB file of the CLI test. */
const CACHE = path.join(os.tmpdir(), `viewer-neuro-cache-${process.pid}`);
const CONVERTED = path.join(os.tmpdir(), `viewer-neuro-ibl-${process.pid}.nwb`);

/** h5py's answers (the oracle). */
function h5py(script: string, ...args: string[]): any {
  const code = ['import h5py, json, sys, numpy as np', script].join('\n');
  return JSON.parse(
    execFileSync(PYTHON, ['-c', code, FILE, ...args]).toString()
  );
}

test.use({ autoGoto: false });
test.setTimeout(240000);

test.beforeAll(() => {
  execFileSync(PYTHON, [GENERATOR, FILE, '--trials', '600', '--units', '220']);
});

test.afterAll(() => {
  for (const made of [FILE, CACHE, CONVERTED, `${CONVERTED}.report.json`]) {
    fs.rmSync(made, { recursive: true, force: true });
  }
});

async function open(page: IJupyterLabPageFixture, tmpPath: string) {
  await page.contents.uploadFile(FILE, `${tmpPath}/session.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('session.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  return viewer;
}

test('trials, units, behaviour and probe views on a 600-trial, 220-unit session', async ({
  page,
  tmpPath
}) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto();
  const facts = h5py(
    [
      'f = h5py.File(sys.argv[1], "r")',
      'stim = f["intervals/trials/stimOn_time"][:]',
      'print(json.dumps({"trials": len(f["intervals/trials/id"]), "units": len(f["units/id"]),',
      '  "stim": int(np.isfinite(stim).sum()),',
      '  "contrasts": len(set(f["intervals/trials/signed_contrast"][:].tolist())),',
      '  "regions": len(set(f["general/extracellular_ephys/electrodes/location"][:].tolist()))}))'
    ].join('\n')
  );
  expect(facts.trials).toBeGreaterThanOrEqual(500);
  expect(facts.units).toBeGreaterThanOrEqual(200);
  const viewer = await open(page, tmpPath);
  const search = viewer.locator('.jp-NwbViewer-search');
  const row = {
    click: async (p: string) => {
      await search.fill(p === '/' ? '' : p);
      await viewer
        .locator(`li[data-path="${p}"] > .jp-NwbViewer-treeRow`)
        .click();
    }
  };
  const rendered = (id: string) =>
    viewer.locator(
      `.jp-NwbViewer-view[data-view-id="${id}"][data-rendered="true"]`
    );
  const shot = async (name: string, theme: string) => {
    await page.waitForTimeout(300);
    await viewer.screenshot({
      path: `${ARTIFACTS}/viewer-neuro-${name}-${theme}.png`
    });
  };

  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await row.click('/');
    await expect(viewer.getByTestId('nwb-overview')).toContainText(
      'viewer-test-session-7'
    );
    await shot('overview', theme);

    await row.click('/intervals/trials');
    await expect(rendered('table')).toBeVisible({ timeout: 60000 });
    await expect(rendered('table')).toContainText(`of ${facts.trials}`);
    await shot('trials-table', theme);

    // Trial-aligned raster + PSTH of unit 3 grouped by signed contrast.
    await row.click('/units');
    await viewer.locator('.jp-NwbViewer-tab[data-view="psth"]').click();
    const psth = viewer.getByTestId('nwb-psth');
    await expect(psth).toHaveAttribute('data-trials', String(facts.stim), {
      timeout: 60000
    });
    await viewer.getByLabel('unit', { exact: true }).selectOption('3');
    await viewer.getByLabel('group by').selectOption('signed_contrast');
    await expect(psth).toHaveAttribute('data-groups', String(facts.contrasts));
    await expect(psth).toHaveAttribute('data-unit', '3');
    await expect(psth.locator('.main-svg').first()).toBeVisible();
    await shot('psth', theme);

    // Session raster: first 10 s, units grouped by brain region.
    await viewer.locator('.jp-NwbViewer-tab[data-view="raster"]').click();
    const raster = viewer.getByTestId('nwb-raster');
    await expect(raster).toHaveAttribute('data-spikes', /\d+/, {
      timeout: 60000
    });
    await expect(viewer.getByLabel('group units by')).toHaveValue(
      'electrodes.location'
    );
    const shown = (await raster.getAttribute('data-units')) as string;
    const expected = h5py(
      [
        'f = h5py.File(sys.argv[1], "r")',
        'idx = np.concatenate([[0], f["units/spike_times_index"][:]])',
        'st = f["units/spike_times"]',
        'units = [int(u) for u in sys.argv[2].split(",")]',
        'print(json.dumps(int(sum(((st[idx[u]:idx[u+1]] >= 0) & (st[idx[u]:idx[u+1]] < 10)).sum() for u in units))))'
      ].join('\n'),
      shown
    );
    expect(shown.split(',')).toHaveLength(100);
    await expect(raster).toHaveAttribute('data-spikes', String(expected));
    await shot('session-raster', theme);

    // A behaviour container: the wheel position (SpatialSeries).
    await row.click('/processing/behavior/Position');
    await expect(rendered('behavior')).toBeVisible({ timeout: 60000 });
    await expect(
      rendered('behavior').locator('.jp-NwbViewer-plot .main-svg').first()
    ).toBeVisible();
    await shot('behavior', theme);

    // Electrodes as a probe layout coloured by brain region.
    await row.click('/general/extracellular_ephys/electrodes');
    await viewer.locator('.jp-NwbViewer-tab[data-view="probe"]').click();
    await expect(viewer.getByTestId('nwb-probe')).toHaveAttribute(
      'data-groups',
      String(facts.regions),
      { timeout: 60000 }
    );
    await shot('electrodes', theme);
  }
  expect(errors).toEqual([]);
});

test('the units table sorts by a metric and opens a unit’s trial raster', async ({
  page,
  tmpPath
}) => {
  await page.goto();
  const viewer = await open(page, tmpPath);
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  await viewer.locator('.jp-NwbViewer-tab[data-view="units"]').click();
  const table = viewer.getByTestId('nwb-units-table');
  await expect(table).toBeVisible({ timeout: 60000 });
  await table.locator('th[data-column="firing_rate"]').click();
  await table.locator('th[data-column="firing_rate"]').click();
  const top = h5py(
    [
      'f = h5py.File(sys.argv[1], "r")',
      'print(json.dumps(int(np.argmax(f["units/firing_rate"][:]))))'
    ].join('\n')
  );
  const first = table.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-unit', String(top));
  await first.click();
  await expect(viewer.getByTestId('nwb-psth')).toHaveAttribute(
    'data-unit',
    String(top),
    { timeout: 60000 }
  );

  // The session raster sorted by the same metric, ungrouped: h5py's argsort.
  const ascending: number[] = h5py(
    [
      'f = h5py.File(sys.argv[1], "r")',
      'print(json.dumps(np.argsort(f["units/firing_rate"][:], kind="stable")[:100].tolist()))'
    ].join('\n')
  );
  await viewer.locator('.jp-NwbViewer-tab[data-view="raster"]').click();
  const raster = viewer.getByTestId('nwb-raster');
  await expect(raster).toHaveAttribute('data-spikes', /\d+/, {
    timeout: 60000
  });
  await viewer.getByLabel('group units by').selectOption('');
  await viewer.getByLabel('sort units by').selectOption('firing_rate');
  await expect(raster).toHaveAttribute('data-units', ascending.join(','));
  await viewer.getByRole('button', { name: '▼' }).click();
  await expect(raster).toHaveAttribute('data-units', /^\d+(,\d+){99}$/);
  expect((await raster.getAttribute('data-units'))?.split(',')).not.toContain(
    String(ascending[0])
  );
});

test('a session converted by the project’s CLI: IBL names pick the defaults', async ({
  page,
  tmpPath
}) => {
  const repo = path.resolve(__dirname, '../..');
  const cache = CACHE;
  const out = CONVERTED;
  const generated = execFileSync(
    path.join(repo, 'node_modules/.bin/tsx'),
    [
      'src/one/generate/main.ts',
      '--out',
      cache,
      '--sessions',
      '1',
      '--seed',
      '3',
      '--size',
      'tiny'
    ],
    { cwd: repo }
  ).toString();
  const eid = (/eid ([0-9a-f-]{36})/.exec(generated) as RegExpExecArray)[1];
  execFileSync(
    'node',
    [
      'jupyterlab_ibl_nwb/cli/ibl2nwb.mjs',
      'convert',
      eid,
      '--cache',
      cache,
      '-o',
      out
    ],
    { cwd: repo }
  );
  const facts = JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      [
        'import h5py, json, sys, numpy as np',
        'f = h5py.File(sys.argv[1], "r")',
        't = f["intervals/trials"]',
        'ok = np.isfinite(t["gabor_stimulus_onset_time"][:])',
        'pairs = set(zip(t["gabor_stimulus_contrast"][:][ok].tolist(), t["gabor_stimulus_side"][:][ok].tolist()))',
        'print(json.dumps({"onsets": int(ok.sum()), "pairs": len(pairs)}))'
      ].join('\n'),
      out
    ]).toString()
  );
  await page.goto();
  await page.contents.uploadFile(out, `${tmpPath}/ibl.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('ibl.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  const search = viewer.locator('.jp-NwbViewer-search');
  await search.fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  await expect(viewer.getByTestId('nwb-raster')).toHaveAttribute(
    'data-spikes',
    /\d+/,
    { timeout: 60000 }
  );
  await expect(viewer.getByLabel('group units by')).toHaveValue(
    'beryl_location'
  );
  await viewer.locator('.jp-NwbViewer-tab[data-view="psth"]').click();
  const psth = viewer.getByTestId('nwb-psth');
  await expect(psth).toHaveAttribute('data-trials', String(facts.onsets), {
    timeout: 60000
  });
  await expect(viewer.getByLabel('align to')).toHaveValue(
    'gabor_stimulus_onset_time'
  );
  // Contrast × side: one group per pair h5py finds.
  await viewer.getByLabel('group by').selectOption('gabor_stimulus_contrast');
  await viewer.getByLabel('and by').selectOption('gabor_stimulus_side');
  await expect(psth).toHaveAttribute('data-groups', String(facts.pairs));
  await search.fill('/processing/wheel');
  await viewer
    .locator('li[data-path="/processing/wheel"] > .jp-NwbViewer-treeRow')
    .click();
  const wheel = viewer.locator(
    '.jp-NwbViewer-view[data-view-id="behavior"][data-rendered="true"]'
  );
  await expect(wheel).toBeVisible({ timeout: 60000 });
  await expect(
    wheel.locator('section[data-path="/processing/wheel/WheelPosition"]')
  ).toBeVisible();
  await viewer.screenshot({
    path: `${ARTIFACTS}/viewer-neuro-ibl-wheel-light.png`
  });
});
