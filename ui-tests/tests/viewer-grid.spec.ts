import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertGeneratedSession } from './generatedSession';

/**
 * The Units "Raster grid" and "Tuning curves" views on a generated IBL
 * session converted by the project's CLI (trials + spike sorting): both
 * open, their numbers match h5py, light and dark screenshots are attached,
 * and nothing is logged with console.error.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const WORK = path.join(os.tmpdir(), `viewer-grid-${process.pid}`);
const OUT = path.join(WORK, 'ibl.nwb');
const VIEWER = '.jp-NwbViewer';
const ARTIFACTS = 'ui-tests/artifacts';

test.use({ autoGoto: false });
test.setTimeout(120000);

test.beforeAll(() => {
  convertGeneratedSession({
    cache: path.join(WORK, 'cache'),
    out: OUT,
    convert: ['--modalities', 'trials,spike_sorting', '--no-hash-check']
  });
});

test.afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

/** What h5py says about the trials (the oracle for the numbers shown). */
function facts(): { onsets: number; contrasts: string[] } {
  const code = [
    'import h5py, json, sys, numpy as np',
    't = h5py.File(sys.argv[1], "r")["intervals/trials"]',
    'ok = np.isfinite(t["gabor_stimulus_onset_time"][:])',
    'c = sorted(set(t["gabor_stimulus_contrast"][:][ok].tolist()))',
    'print(json.dumps({"onsets": int(ok.sum()), "contrasts": ["%g" % v for v in c]}))'
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', code, OUT]).toString());
}

async function shoot(
  page: IJupyterLabPageFixture,
  name: string,
  plot: ReturnType<IJupyterLabPageFixture['locator']>
): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'light') {
      await page.theme.setLightTheme();
    } else {
      await page.theme.setDarkTheme();
    }
    await expect(plot.locator('.main-svg').first()).toBeVisible();
    const file = `${ARTIFACTS}/viewer-${name}-${theme}.png`;
    await page.locator(VIEWER).screenshot({ path: file });
    await test.info().attach(`${name}-${theme}`, {
      path: file,
      contentType: 'image/png'
    });
  }
  await page.theme.setLightTheme();
}

test('raster grid and tuning curves of a converted session', async ({
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
  const expected = facts();
  expect(expected.contrasts.length).toBeGreaterThanOrEqual(2);
  await page.goto();
  await page.contents.uploadFile(OUT, `${tmpPath}/ibl.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('ibl.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();

  await viewer.locator('.jp-NwbViewer-tab[data-view="raster-grid"]').click();
  const grid = viewer.getByTestId('nwb-raster-grid');
  await expect(grid).toHaveAttribute('data-cell-spikes', /\d/, {
    timeout: 60000
  });
  await expect(viewer.getByLabel('align to')).toHaveValue(
    'gabor_stimulus_onset_time'
  );
  await expect(viewer.getByLabel('rows')).toHaveValue(
    'gabor_stimulus_contrast'
  );
  await expect(viewer.getByLabel('columns')).toHaveValue('mouse_wheel_choice');
  expect((await grid.getAttribute('data-rows'))?.split('|')).toEqual(
    expected.contrasts
  );
  const trials = (await grid.getAttribute('data-cell-trials'))!
    .split(',')
    .map(Number);
  expect(trials.reduce((a, b) => a + b, 0)).toBe(expected.onsets);
  await shoot(page, 'raster-grid', grid);

  await viewer.locator('.jp-NwbViewer-tab[data-view="tuning"]').click();
  const tuning = viewer.getByTestId('nwb-tuning');
  await expect(tuning).toHaveAttribute('data-rates', /\[/, { timeout: 60000 });
  await expect(viewer.getByLabel('tuning column')).toHaveValue(
    'gabor_stimulus_contrast'
  );
  const rates = JSON.parse((await tuning.getAttribute('data-rates'))!) as [
    string,
    number,
    number,
    number
  ][][];
  expect(rates).toHaveLength(6);
  expect(rates[0].map(p => p[0])).toEqual(expected.contrasts);
  expect(rates[0].reduce((n, p) => n + p[3], 0)).toBe(expected.onsets);
  await shoot(page, 'tuning', tuning);

  expect(errors).toEqual([]);
});
