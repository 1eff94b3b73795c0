import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { serverRoot } from './helpers';
import { convertGeneratedSession } from './generatedSession';
import { restingFrame } from './movieFrames';

/**
 * The session explorer on a generated session WITH movies (`--video yes`:
 * each frame draws its index as a 4 × 4 bit grid) converted with `--video`:
 * the video and drift map panels sit beside the raster and the behaviour
 * series; play, pause and a step move the video panel; a click in the
 * raster moves the video to the frame numpy's searchsorted picks from the
 * series' timestamps (the decoded pixels draw that index) and the wheel
 * panel draws its cursor at the clicked time. h5py is the oracle.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'explorer-video-'));
const OUT = path.join(WORK, 'out', 'session.nwb');
const ARTIFACTS = 'ui-tests/artifacts';

function py(script: string, ...args: string[]): any {
  const code = ['import h5py, json, sys, numpy as np', script].join('\n');
  return JSON.parse(
    execFileSync(PYTHON, ['-c', code, OUT, ...args]).toString()
  );
}

/** numpy's frame for time t: the last frame whose timestamp is <= t. */
function frameAt(series: string, t: number): number {
  return py(
    [
      'ts = h5py.File(sys.argv[1], "r")[sys.argv[2] + "/timestamps"][:]',
      'print(json.dumps(int(np.searchsorted(ts, float(sys.argv[3]), side="right") - 1)))'
    ].join('\n'),
    series,
    String(t)
  );
}

/** Keypoints of the camera's PoseEstimation at a frame with likelihood >= threshold. */
function keypointsShown(
  series: string,
  frame: number,
  threshold: number
): number {
  return py(
    [
      'f = h5py.File(sys.argv[1], "r")',
      'camera = sys.argv[2].split("/")[-1].removeprefix("Video")',
      'pose = f["processing/pose_estimation/" + camera]',
      'k, th, n = int(sys.argv[3]), float(sys.argv[4]), 0',
      'for name, s in pose.items():',
      '    if isinstance(s, h5py.Group) and "confidence" in s:',
      '        x, y = s["data"][k]; c = s["confidence"][k]',
      '        n += bool(np.isfinite(x) and np.isfinite(y) and c >= th)',
      'print(json.dumps(n))'
    ].join('\n'),
    series,
    String(frame),
    String(threshold)
  );
}

test.use({ autoGoto: false });
test.setTimeout(150000);

test.beforeAll(() => {
  const cache = path.join(WORK, 'cache');
  fs.mkdirSync(path.dirname(OUT));
  convertGeneratedSession({
    cache,
    out: OUT,
    movies: true,
    convert: ['--video']
  });
});

test.afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

/** Where plotly drew a plot's cursor: its shape's x and the line's pixel position. */
async function drawnCursor(plot: Locator) {
  return plot.evaluate((el: any) => {
    const shape = (el._fullLayout.shapes ?? [])[0];
    const axis = el._fullLayout.xaxis;
    const line = el.querySelector('.shapelayer path');
    const box = el.getBoundingClientRect();
    return shape
      ? {
          x: Number(shape.x0),
          expectedPx: box.left + axis._offset + axis.l2p(Number(shape.x0)),
          drawnPx: line ? line.getBoundingClientRect().left : null
        }
      : null;
  });
}

test('the explorer with movies: video and drift map panels; play, pause, step; a raster click moves the video frame and the wheel cursor', async ({
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
  // the NWB file and its movie folder, side by side under the Jupyter root
  fs.cpSync(path.dirname(OUT), path.join(await serverRoot(page), tmpPath), {
    recursive: true
  });
  await page.theme.setLightTheme();
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('session.nwb');
  const viewer = page.locator('.jp-NwbViewer');
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  await viewer.getByRole('button', { name: 'Open session explorer' }).click();

  // trials, units, four behaviour series, video, drift map: nothing missing
  const bodies = viewer.locator('.jp-NwbViewer-explorerBody');
  await expect(bodies).toHaveCount(8, { timeout: 60000 });
  for (const body of await bodies.all()) {
    await expect(body).toHaveAttribute('data-rendered', 'true', {
      timeout: 60000
    });
  }
  await expect(viewer.getByTestId('nwb-explorer-missing')).toHaveCount(0);
  const videoPanel = viewer.locator('section[data-panel="video"]');
  await expect(videoPanel).toHaveAttribute(
    'data-path',
    /^\/acquisition\/Video/
  );
  await expect(
    viewer.locator('section[data-panel="drift map"]')
  ).toHaveAttribute('data-path', '/units');
  await expect(
    viewer.locator('section[data-panel="drift map"] canvas').first()
  ).toBeVisible();

  const camera = videoPanel.getByTestId('nwb-video');
  const series = (await camera.getAttribute('data-series')) as string;
  expect(series).toBe(await videoPanel.getAttribute('data-path'));
  await camera.scrollIntoViewIfNeeded();
  await restingFrame(camera);

  // play, then pause: the frame on screen is the one the readout names
  const frameBefore = Number(await camera.getAttribute('data-frame'));
  await videoPanel.getByRole('button', { name: 'play' }).click();
  await expect(camera).toHaveAttribute('data-state', 'playing');
  await page.waitForTimeout(700);
  await videoPanel.getByRole('button', { name: 'pause' }).click();
  const played = await restingFrame(camera);
  expect(played).toBeGreaterThan(frameBefore);
  // one step forward
  await videoPanel.getByRole('button', { name: 'next frame' }).click();
  await expect(camera).toHaveAttribute('data-frame', String(played + 1));
  expect(await restingFrame(camera)).toBe(played + 1);

  // click in the raster at t: the video shows numpy's frame for t, the wheel draws its cursor at t
  const rasterPlot = viewer
    .locator('section[data-panel="units"] .js-plotly-plot')
    .first();
  await rasterPlot.scrollIntoViewIfNeeded();
  // Whole client pixels across the middle of the raster and the time each stands for.
  const pixels = await rasterPlot.evaluate((el: any) => {
    const x = el._fullLayout.xaxis;
    const y = el._fullLayout.yaxis;
    const box = el.getBoundingClientRect();
    const out = [];
    for (let f = 0.3; f < 0.6; f += 0.5 / x._length) {
      const clientX = Math.round(box.left + x._offset + f * x._length);
      out.push({
        clientX,
        clientY: box.top + y._offset + 0.5 * y._length,
        t: x.p2l(clientX - box.left - x._offset)
      });
    }
    return {
      pixels: out,
      pxSeconds: (x.range[1] - x.range[0]) / x._length
    };
  });
  // Click where t is three quarters of the way to the next frame: the frame
  // shown must still be the earlier one (a nearest-frame rule would fail).
  const times: number[] = py(
    'print(json.dumps(h5py.File(sys.argv[1], "r")[sys.argv[2] + "/timestamps"][:].tolist()))',
    series
  );
  const between = (t: number) => {
    const k = times.findIndex(v => v > t) - 1;
    return k < 0 ? -1 : (t - times[k]) / (times[k + 1] - times[k]);
  };
  const target = pixels.pixels.reduce((best, p) =>
    Math.abs(between(p.t) - 0.75) < Math.abs(between(best.t) - 0.75) ? p : best
  );
  expect(Math.abs(between(target.t) - 0.75)).toBeLessThan(0.2);
  await page.mouse.click(target.clientX, target.clientY);
  await expect(rasterPlot).toHaveAttribute('data-cursor', /\d/);
  const cursor = Number(await rasterPlot.getAttribute('data-cursor'));
  expect(Math.abs(cursor - target.t)).toBeLessThan(1.5 * pixels.pxSeconds);
  const expected = frameAt(series, cursor);
  expect(expected).toBeGreaterThan(0);
  // the click landed past the midpoint: the earlier frame, not the nearest
  expect(between(cursor)).toBeGreaterThan(0.5);
  await expect(camera).toHaveAttribute('data-frame', String(expected), {
    timeout: 20000
  });
  expect(await restingFrame(camera)).toBe(expected);

  const wheelPlot = viewer
    .locator('section[data-panel="wheel"] .js-plotly-plot')
    .first();
  await expect
    .poll(async () => Number(await wheelPlot.getAttribute('data-cursor')))
    .toBeCloseTo(cursor, 9);
  await wheelPlot.scrollIntoViewIfNeeded();
  const wheelCursor = await drawnCursor(wheelPlot);
  expect(wheelCursor).not.toBeNull();
  expect(wheelCursor!.x).toBeCloseTo(cursor, 9);
  expect(
    Math.abs(wheelCursor!.drawnPx! - wheelCursor!.expectedPx)
  ).toBeLessThan(2);

  // the pose overlay over the video panel: h5py's keypoints at this frame above the default 0.9
  const overlay = camera.getByTestId('nwb-pose-overlay');
  await expect(overlay).toHaveAttribute(
    'data-keypoints',
    String(keypointsShown(series, expected, 0.9))
  );
  expect(keypointsShown(series, expected, 0)).toBeGreaterThan(0);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await camera.scrollIntoViewIfNeeded();
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    const shot = await viewer.screenshot({
      path: `${ARTIFACTS}/explorer-video-${theme}.png`
    });
    await testInfo.attach(`explorer-video-${theme}`, {
      body: shot,
      contentType: 'image/png'
    });
  }
  await page.theme.setLightTheme();
  expect(errors).toEqual([]);
});
