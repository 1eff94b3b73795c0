import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The trial-aligned view (#16) on a generated IBL session converted by the
 * project's CLI: wheel velocity aligned to stimulus onset, then to movement
 * onset grouped by choice; the numbers of trials and groups checked against
 * h5py; light and dark screenshots; no console error.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const VIEWER = '.jp-NwbViewer';
const ARTIFACTS = 'ui-tests/artifacts';
const CACHE = path.join(os.tmpdir(), `viewer-aligned-cache-${process.pid}`);
const CONVERTED = path.join(os.tmpdir(), `viewer-aligned-${process.pid}.nwb`);
const SERIES = '/processing/wheel/WheelVelocitySmoothed';

test.use({ autoGoto: false });
test.setTimeout(120000);

test.afterAll(() => {
  for (const made of [
    CACHE,
    CONVERTED,
    CONVERTED.replace(/\.nwb$/, '.report.json')
  ]) {
    fs.rmSync(made, { recursive: true, force: true });
  }
});

test('wheel velocity aligned to trial events, grouped by choice', async ({
  page,
  tmpPath
}) => {
  const repo = path.resolve(__dirname, '../..');
  const generated = execFileSync(
    path.join(repo, 'node_modules/.bin/tsx'),
    [
      'src/one/generate/main.ts',
      '--out',
      CACHE,
      '--sessions',
      '1',
      '--seed',
      '2',
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
      CACHE,
      '-o',
      CONVERTED,
      '--modalities',
      'trials,wheel'
    ],
    { cwd: repo }
  );
  const facts = JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      [
        'import h5py, json, sys, numpy as np',
        't = h5py.File(sys.argv[1], "r")["intervals/trials"]',
        'stim = np.isfinite(t["gabor_stimulus_onset_time"][:])',
        'move = np.isfinite(t["wheel_movement_onset_time"][:])',
        'choices = set(t["mouse_wheel_choice"][:][move].tolist())',
        'print(json.dumps({"rows": len(stim), "stim": int(stim.sum()), "move": int(move.sum()), "choices": len(choices)}))'
      ].join('\n'),
      CONVERTED
    ]).toString()
  );
  expect(facts.choices).toBeGreaterThanOrEqual(2);

  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', error => errors.push(error.message));
  await page.goto();
  await page.contents.uploadFile(CONVERTED, `${tmpPath}/ibl.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('ibl.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  await viewer.locator('.jp-NwbViewer-search').fill(SERIES);
  await viewer
    .locator(`li[data-path="${SERIES}"] > .jp-NwbViewer-treeRow`)
    .click();
  await viewer.locator('.jp-NwbViewer-tab[data-view="aligned"]').click();
  const plot = viewer.getByTestId('nwb-aligned');
  await expect(plot).toHaveAttribute('data-trials', String(facts.stim), {
    timeout: 60000
  });
  await expect(plot).toHaveAttribute('data-kind', 'samples');
  await expect(viewer.getByLabel('align to')).toHaveValue(
    'gabor_stimulus_onset_time'
  );
  // Change the event, then the grouping.
  await viewer.getByLabel('align to').selectOption('wheel_movement_onset_time');
  await expect(plot).toHaveAttribute('data-align', 'wheel_movement_onset_time');
  await expect(plot).toHaveAttribute('data-trials', String(facts.move));
  await viewer.getByLabel('group by').selectOption('mouse_wheel_choice');
  await expect(plot).toHaveAttribute('data-groups', String(facts.choices));
  const status = viewer.getByTestId('nwb-aligned-status');
  await expect(status).toContainText(`${facts.move} of ${facts.rows} trials`);
  await expect(status).toContainText('linear interpolation');
  await expect(plot.locator('.main-svg').first()).toBeVisible();

  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await page.waitForTimeout(400);
    await viewer.screenshot({
      path: `${ARTIFACTS}/viewer-aligned-wheel-${theme}.png`
    });
  }
  expect(errors).toEqual([]);
});
