import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertGeneratedSession } from './generatedSession';

/**
 * The session explorer on a session generated and converted by the
 * project's CLI: one time cursor and one window across the trials
 * timeline, the units raster and the behaviour series; a picked trial
 * moves them all; a reload brings the window back. h5py is the oracle
 * for the trials.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const CACHE = path.join(os.tmpdir(), `explorer-cache-${process.pid}`);
const OUT = path.join(os.tmpdir(), `explorer-${process.pid}.nwb`);
const ARTIFACTS = 'ui-tests/artifacts';
const PAD = 0.5;

interface ITrials {
  start: number[];
  stop: number[];
  onset: (number | null)[];
}
let trials: ITrials;

test.use({ autoGoto: false });
test.setTimeout(120000);

test.beforeAll(() => {
  convertGeneratedSession({
    cache: CACHE,
    out: OUT
  });
  trials = JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      [
        'import h5py, json, sys, numpy as np',
        't = h5py.File(sys.argv[1], "r")["intervals/trials"]',
        'on = t["gabor_stimulus_onset_time"][:]',
        'print(json.dumps({"start": t["start_time"][:].tolist(), "stop": t["stop_time"][:].tolist(),',
        '  "onset": [None if not np.isfinite(v) else float(v) for v in on]}))'
      ].join('\n'),
      OUT
    ]).toString()
  );
});

test.afterAll(() => {
  for (const made of [CACHE, OUT, OUT.replace(/\.nwb$/, '.report.json')]) {
    fs.rmSync(made, { recursive: true, force: true });
  }
});

/** The plot of an explorer panel. */
const plotOf = (viewer: Locator, panel: string) =>
  viewer.locator(`section[data-panel="${panel}"] .js-plotly-plot`).first();

/** Where plotly drew a plot's cursor: its shape's x and the line's pixel position. */
async function drawnCursor(plot: Locator) {
  return plot.evaluate((el: any) => {
    const shape = (el._fullLayout.shapes ?? [])[0];
    const axis = el._fullLayout.xaxis;
    const path = el.querySelector('.shapelayer path');
    const box = el.getBoundingClientRect();
    return shape
      ? {
          x: Number(shape.x0),
          expectedPx: box.left + axis._offset + axis.l2p(Number(shape.x0)),
          drawnPx: path ? path.getBoundingClientRect().left : null
        }
      : null;
  });
}

async function windowOf(viewer: Locator, panel: string, label: string) {
  const section = viewer.locator(`section[data-panel="${panel}"]`);
  return {
    start: Number(
      await section.getByLabel(label, { exact: true }).inputValue()
    ),
    length: Number(
      await section
        .getByLabel(label.replace('start', 'length'), { exact: true })
        .inputValue()
    )
  };
}

async function waitForPanels(viewer: Locator) {
  const bodies = viewer.locator('.jp-NwbViewer-explorerBody');
  // trials, units, four behaviour series, drift map (no movies in this file)
  await expect(bodies).toHaveCount(7, { timeout: 60000 });
  for (const body of await bodies.all()) {
    await expect(body).toHaveAttribute('data-rendered', 'true', {
      timeout: 60000
    });
  }
}

async function openExplorer(page: IJupyterLabPageFixture, tmpPath: string) {
  await page.contents.uploadFile(OUT, `${tmpPath}/session.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('session.nwb');
  const viewer = page.locator('.jp-NwbViewer');
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({
    timeout: 60000
  });
  await viewer.getByRole('button', { name: 'Open session explorer' }).click();
  await waitForPanels(viewer);
  return viewer;
}

test('one cursor and one window across the session explorer; a trial moves them all; a reload keeps them', async ({
  page,
  tmpPath
}, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  await page.goto();
  await page.theme.setLightTheme();
  const viewer = await openExplorer(page, tmpPath);
  const missing = viewer.getByTestId('nwb-explorer-missing');
  await expect(missing).toHaveText('Not in this file: video.');
  await expect(viewer.locator('section[data-panel]')).toHaveCount(7);
  await expect(
    viewer.locator('section[data-panel="drift map"]')
  ).toHaveAttribute('data-path', '/units');
  await expect(viewer.locator('section[data-panel="wheel"]')).toHaveAttribute(
    'data-path',
    /Wheel/
  );

  // One window: the raster (first time view) set it, the behaviour series opened at it.
  const raster = await windowOf(viewer, 'units', 'window start (s)');
  expect(await windowOf(viewer, 'wheel', 'window start')).toEqual(raster);
  expect(await windowOf(viewer, 'pupil', 'window start')).toEqual(raster);

  // A window typed into one panel's boxes moves every panel.
  const wheelLength = viewer
    .locator('section[data-panel="wheel"]')
    .getByLabel('window length', { exact: true });
  await wheelLength.fill('6');
  await wheelLength.press('Tab');
  await expect
    .poll(
      async () => (await windowOf(viewer, 'units', 'window start (s)')).length
    )
    .toBe(6);
  raster.length = 6;
  expect(await windowOf(viewer, 'licks', 'window start')).toEqual(raster);

  // Click in the raster: the cursor goes there, and the wheel panel draws it at that time.
  const rasterPlot = plotOf(viewer, 'units');
  await rasterPlot.scrollIntoViewIfNeeded();
  const target = await rasterPlot.evaluate((el: any) => {
    const x = el._fullLayout.xaxis;
    const y = el._fullLayout.yaxis;
    const box = el.getBoundingClientRect();
    const px = x._offset + 0.37 * x._length;
    return {
      clientX: box.left + px,
      clientY: box.top + y._offset + 0.5 * y._length,
      t: x.range[0] + (0.37 * x._length * (x.range[1] - x.range[0])) / x._length
    };
  });
  await page.mouse.click(target.clientX, target.clientY);
  const wheelPlot = plotOf(viewer, 'wheel');
  await expect(wheelPlot).toHaveAttribute('data-cursor', /\d/);
  const wheelCursor = await drawnCursor(wheelPlot);
  expect(wheelCursor).not.toBeNull();
  // Within a pixel of where the click was (the click lands on a whole pixel).
  const pxSeconds =
    raster.length /
    (await rasterPlot.evaluate((el: any) => el._fullLayout.xaxis._length));
  expect(Math.abs(wheelCursor!.x - target.t)).toBeLessThan(1.5 * pxSeconds);
  expect(
    Math.abs(wheelCursor!.drawnPx! - wheelCursor!.expectedPx)
  ).toBeLessThan(2);
  expect(Number(await rasterPlot.getAttribute('data-cursor'))).toBeCloseTo(
    wheelCursor!.x,
    9
  );
  // The sparse licks panel shows the window too (not an autorange over its
  // few ticks, which hid the cursor wherever no lick was near it).
  const licksPlot = plotOf(viewer, 'licks');
  const licksRange = await licksPlot.evaluate(
    (el: any) => el._fullLayout.xaxis.range
  );
  expect(licksRange[0]).toBeCloseTo(raster.start, 6);
  expect(licksRange[1]).toBeCloseTo(raster.start + raster.length, 6);
  await expect
    .poll(async () => Number(await licksPlot.getAttribute('data-cursor')))
    .toBeCloseTo(wheelCursor!.x, 9);

  // Pick a trial on the timeline: every panel moves to [start − pad, stop + pad].
  const timeline = plotOf(viewer, 'trials');
  await timeline.scrollIntoViewIfNeeded();
  // The timeline shows the shared window too: a double click shows every trial.
  expect(
    await timeline.evaluate((el: any) => el._fullLayout.xaxis.range)
  ).toEqual([raster.start, raster.start + raster.length]);
  const centre = await timeline.evaluate((el: any) => {
    const box = el.getBoundingClientRect();
    const x = el._fullLayout.xaxis;
    const y = el._fullLayout.yaxis;
    return [
      box.left + x._offset + x._length / 2,
      box.top + y._offset + y._length / 2
    ];
  });
  await page.mouse.dblclick(centre[0], centre[1]);
  await expect
    .poll(() => timeline.evaluate((el: any) => el._fullLayout.xaxis.range[1]))
    .toBeGreaterThan(trials.stop[trials.stop.length - 2]);
  // The double click's first click picked no trial: the other views kept the window.
  await page.waitForTimeout(1000);
  expect(await windowOf(viewer, 'units', 'window start (s)')).toEqual(raster);
  expect(
    await timeline.evaluate((el: any) => el._fullLayout.xaxis.range[1])
  ).toBeGreaterThan(trials.stop[trials.stop.length - 2]);
  const row = Math.floor(trials.start.length / 2);
  const point = await timeline.evaluate(
    (el: any, [start, r]) => {
      const x = el._fullLayout.xaxis;
      const y = el._fullLayout.yaxis;
      const box = el.getBoundingClientRect();
      return {
        clientX: box.left + x._offset + x.l2p(start),
        clientY: box.top + y._offset + y.l2p(r)
      };
    },
    [trials.start[row], row]
  );
  await page.mouse.move(point.clientX, point.clientY);
  await page.mouse.click(point.clientX, point.clientY);
  // The nearest line is the picked trial: find it from the window the raster moved to.
  await expect
    .poll(
      async () => (await windowOf(viewer, 'units', 'window start (s)')).start
    )
    .not.toBe(raster.start);
  const moved = await windowOf(viewer, 'units', 'window start (s)');
  const picked = trials.start.findIndex(
    (s, i) =>
      Math.abs(s - PAD - moved.start) < 1e-6 &&
      Math.abs(trials.stop[i] + PAD - (moved.start + moved.length)) < 1e-6
  );
  expect(picked).toBeGreaterThanOrEqual(0);
  expect(Math.abs(picked - row)).toBeLessThanOrEqual(3);
  for (const [panel, label] of [
    ['wheel', 'window start'],
    ['licks', 'window start'],
    ['pupil', 'window start'],
    ['motion energy', 'window start']
  ]) {
    await expect
      .poll(async () => (await windowOf(viewer, panel, label)).start)
      .toBeCloseTo(moved.start, 9);
  }
  const onset = trials.onset[picked] ?? trials.start[picked];
  await expect
    .poll(async () => Number(await wheelPlot.getAttribute('data-cursor')))
    .toBeCloseTo(onset, 9);
  const timelineRange = await timeline.evaluate(
    (el: any) => el._fullLayout.xaxis.range
  );
  expect(timelineRange[0]).toBeCloseTo(moved.start, 6);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const light = await viewer.screenshot({
    path: `${ARTIFACTS}/explorer-light.png`
  });
  await testInfo.attach('explorer-light', {
    body: light,
    contentType: 'image/png'
  });
  await page.theme.setDarkTheme();
  const dark = await viewer.screenshot({
    path: `${ARTIFACTS}/explorer-dark.png`
  });
  await testInfo.attach('explorer-dark', {
    body: dark,
    contentType: 'image/png'
  });
  await page.theme.setLightTheme();

  // The state database saves on its own schedule: let it settle, then reload.
  await page.waitForTimeout(1500);
  await page.reload({ waitForIsReady: false });
  await page.waitForSelector('.jp-NwbViewer-status[data-ready="true"]', {
    timeout: 60000
  });
  await waitForPanels(viewer);
  expect(await windowOf(viewer, 'units', 'window start (s)')).toEqual(moved);
  expect(await windowOf(viewer, 'wheel', 'window start')).toEqual(moved);
  await expect
    .poll(async () =>
      Number(await plotOf(viewer, 'wheel').getAttribute('data-cursor'))
    )
    .toBeCloseTo(onset, 9);
  expect(errors).toEqual([]);
});
