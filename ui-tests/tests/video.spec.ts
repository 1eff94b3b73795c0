import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { serverRoot } from './helpers';
import { convertGeneratedSession } from './generatedSession';
import { decodedIndex, restingFrame } from './movieFrames';

/**
 * The movie player on a generated session with real movies (`--video yes`:
 * each frame draws its index as a 4 × 4 bit grid) converted with `--video`:
 * play, pause, step, move the cursor; the frame shown must be the one
 * numpy's searchsorted picks from the series' timestamps, and the pixels
 * the browser decoded must draw that same index. Pose keypoints over the
 * frame match h5py's count above the threshold.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'video-spec-'));
const OUT = path.join(WORK, 'out', 'session.nwb');
const VIEWER = '.jp-NwbViewer';
const ARTIFACTS = 'ui-tests/artifacts';

/** The oracle: timestamps, numpy's frame for a time, keypoints above a threshold (h5py). */
function py(script: string, ...args: string[]): any {
  const code = ['import h5py, json, sys, numpy as np', script].join('\n');
  return JSON.parse(
    execFileSync(PYTHON, ['-c', code, OUT, ...args]).toString()
  );
}

function frameAt(camera: string, t: number): number {
  return py(
    [
      'ts = h5py.File(sys.argv[1], "r")[f"acquisition/{sys.argv[2]}/timestamps"][:]',
      // last frame whose time <= t
      'print(json.dumps(int(np.searchsorted(ts, float(sys.argv[3]), side="right") - 1)))'
    ].join('\n'),
    camera,
    String(t)
  );
}

function keypointsShown(frame: number, threshold: number): number {
  return py(
    [
      'f = h5py.File(sys.argv[1], "r")',
      'pose = f["processing/pose_estimation/LeftCamera"]',
      'k, th, n = int(sys.argv[2]), float(sys.argv[3]), 0',
      'for name, s in pose.items():',
      '    if isinstance(s, h5py.Group) and "confidence" in s:',
      '        x, y = s["data"][k]; c = s["confidence"][k]',
      '        n += bool(np.isfinite(x) and np.isfinite(y) and c >= th)',
      'print(json.dumps(n))'
    ].join('\n'),
    String(frame),
    String(threshold)
  );
}

test.use({ autoGoto: false });
test.setTimeout(120000);

test.beforeAll(() => {
  const cache = path.join(WORK, 'cache');
  fs.mkdirSync(path.dirname(OUT));
  convertGeneratedSession({
    cache,
    out: OUT,
    movies: true,
    convert: ['--modalities', 'trials,pose', '--video']
  });
});

/**
 * A file written by pynwb (not our converter) with the generated movies: one
 * series over two movies (`starting_frame` [0, 1800]: the body movie, then
 * the left one) on jittered timestamps, and one series on starting_time +
 * rate only. Frame codes restart at 0 in each movie.
 */
const MULTI = path.join(WORK, 'multi', 'multi.nwb');
function writeMulti(): void {
  const movies = path.join(path.dirname(MULTI), 'movies');
  fs.mkdirSync(movies, { recursive: true });
  const raw = execFileSync('find', [WORK, '-name', 'raw_video_data'])
    .toString()
    .trim();
  fs.copyFileSync(
    path.join(raw, '_iblrig_bodyCamera.raw.mp4'),
    path.join(movies, 'body.mp4')
  );
  fs.copyFileSync(
    path.join(raw, '_iblrig_leftCamera.raw.mp4'),
    path.join(movies, 'left.mp4')
  );
  const script = [
    'import sys, numpy as np',
    'from datetime import datetime, timezone',
    'from pynwb import NWBFile, NWBHDF5IO',
    'from pynwb.image import ImageSeries',
    'nwb = NWBFile("multi", "multi", datetime(2024, 1, 1, tzinfo=timezone.utc))',
    'rng = np.random.default_rng(1)',
    'ts = 100 + np.cumsum(rng.uniform(0.01, 0.05, 1800 + 3600))',
    'nwb.add_acquisition(ImageSeries(name="TwoFiles", external_file=["./movies/body.mp4", "movies/left.mp4"], starting_frame=[0, 1800], format="external", timestamps=ts, unit="n.a."))',
    'nwb.add_acquisition(ImageSeries(name="RateOnly", external_file=["./movies/body.mp4"], starting_frame=[0], format="external", starting_time=2.0, rate=30.0, num_samples=1800, unit="n.a."))',
    'with NWBHDF5IO(sys.argv[1], "w") as io:',
    '    io.write(nwb)'
  ].join('\n');
  execFileSync(PYTHON, ['-c', script, MULTI]);
}

test.afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

async function openObject(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  objectPath: string
) {
  const viewer = page.locator(VIEWER);
  const search = viewer.locator('.jp-NwbViewer-search');
  await search.fill(objectPath);
  await viewer
    .locator(`li[data-path="${objectPath}"] > .jp-NwbViewer-treeRow`)
    .click();
  return viewer;
}

test('plays a camera frame-exactly on its timestamps, with the pose over it, and cameras follow one cursor', async ({
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
  await page.goto();
  // the NWB file and its movie folder, side by side under the Jupyter root
  fs.cpSync(path.dirname(OUT), path.join(await serverRoot(page), tmpPath), {
    recursive: true
  });
  await page.theme.setLightTheme();
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('session.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });

  await openObject(page, tmpPath, '/acquisition/VideoLeftCamera');
  const camera = viewer.getByTestId('nwb-video');
  await expect(
    viewer.locator('.jp-NwbViewer-view[data-view-id="video"]')
  ).toBeVisible({ timeout: 30000 });
  expect(await restingFrame(camera)).toBe(0);

  // play, then pause: the frame on screen is the one the readout names
  await viewer.getByRole('button', { name: 'play' }).click();
  await expect(camera).toHaveAttribute('data-state', 'playing');
  await page.waitForTimeout(700);
  await viewer.getByRole('button', { name: 'pause' }).click();
  const played = await restingFrame(camera);
  expect(played).toBeGreaterThan(0);

  // step one frame forward (button) and back (key)
  await viewer.getByRole('button', { name: 'next frame' }).click();
  await expect(camera).toHaveAttribute('data-frame', String(played + 1));
  expect(await restingFrame(camera)).toBe(played + 1);
  await viewer.locator('.jp-NwbViewer-view').press('ArrowLeft');
  await expect(camera).toHaveAttribute('data-frame', String(played));
  expect(await restingFrame(camera)).toBe(played);

  // move the cursor: between two frames, the earlier one is shown (numpy decides which)
  const times: number[] = py(
    'print(json.dumps(h5py.File(sys.argv[1], "r")["acquisition/VideoLeftCamera/timestamps"][:].tolist()))'
  );
  const t = (times[1234] + times[1235]) / 2;
  await viewer.getByLabel('cursor time (s)').fill(String(t));
  await viewer.getByLabel('cursor time (s)').press('Enter');
  await expect(camera).toHaveAttribute(
    'data-frame',
    String(frameAt('VideoLeftCamera', t))
  );
  expect(await restingFrame(camera)).toBe(1234);
  await expect(camera).toHaveAttribute('data-time', String(times[1234]));

  // the pose overlay: the keypoints h5py finds at this frame at or above 0.9, then at 0
  const overlay = camera.getByTestId('nwb-pose-overlay');
  await expect(overlay).toHaveAttribute(
    'data-keypoints',
    String(keypointsShown(1234, 0.9))
  );
  await page.screenshot({ path: `${ARTIFACTS}/video-light.png` });
  await viewer.getByLabel('likelihood threshold').fill('0');
  await viewer.getByLabel('likelihood threshold').press('Enter');
  await expect(overlay).toHaveAttribute(
    'data-keypoints',
    String(keypointsShown(1234, 0))
  );
  expect(keypointsShown(1234, 0)).toBeGreaterThan(0);

  // the in-file frame player hands a movie-backed series to the movie player
  await viewer.locator('.jp-NwbViewer-tab[data-view="frames"]').click();
  await expect(camera).toHaveAttribute('data-frame', '1234', {
    timeout: 20000
  });
  expect(await restingFrame(camera)).toBe(1234);

  // three cameras side by side on one cursor: each shows its own camera's frame for it
  await openObject(page, tmpPath, '/acquisition');
  await viewer.locator('.jp-NwbViewer-tab[data-view="cameras"]').click();
  const cameras = viewer.getByTestId('nwb-video');
  await expect(cameras).toHaveCount(3, { timeout: 30000 });
  // they open on the tab's shared cursor, which the single-camera view left at t
  for (const name of [
    'VideoLeftCamera',
    'VideoRightCamera',
    'VideoBodyCamera'
  ]) {
    const one = viewer.locator(
      `[data-testid="nwb-video"][data-series="/acquisition/${name}"]`
    );
    await expect(one).toHaveAttribute('data-frame', String(frameAt(name, t)), {
      timeout: 20000
    });
  }
  const t2 = 20.004;
  await viewer.getByLabel('cursor time (s)').fill(String(t2));
  await viewer.getByLabel('cursor time (s)').press('Enter');
  for (const name of [
    'VideoLeftCamera',
    'VideoRightCamera',
    'VideoBodyCamera'
  ]) {
    const one = viewer.locator(
      `[data-testid="nwb-video"][data-series="/acquisition/${name}"]`
    );
    await expect(one).toHaveAttribute('data-frame', String(frameAt(name, t2)), {
      timeout: 20000
    });
    expect(await restingFrame(one)).toBe(frameAt(name, t2));
  }
  await page.theme.setDarkTheme();
  await page.screenshot({ path: `${ARTIFACTS}/video-cameras-dark.png` });
  await page.theme.setLightTheme();
  expect(errors).toEqual([]);

  // a movie that is not there: a message naming the path the file points at
  const movies = path.join(await serverRoot(page), tmpPath, 'session_image');
  fs.rmSync(path.join(movies, 'session_VideoBodyCamera.mp4'));
  await openObject(page, tmpPath, '/acquisition/VideoBodyCamera');
  await expect(viewer.getByTestId('nwb-video-cannot-play')).toContainText(
    `the movie file ${tmpPath}/session_image/session_VideoBodyCamera.mp4 is missing`,
    { timeout: 20000 }
  );
});

test('a pynwb file: one series over two movies (starting_frame) and one on a rate', async ({
  page,
  tmpPath
}) => {
  writeMulti();
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  await page.goto();
  fs.cpSync(path.dirname(MULTI), path.join(await serverRoot(page), tmpPath), {
    recursive: true
  });
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('multi.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  const ts: number[] = JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      'import h5py, json, sys; print(json.dumps(h5py.File(sys.argv[1], "r")["acquisition/TwoFiles/timestamps"][:].tolist()))',
      MULTI
    ]).toString()
  );
  await openObject(page, tmpPath, '/acquisition/TwoFiles');
  const camera = viewer.getByTestId('nwb-video');
  await expect(camera).toHaveAttribute('data-frames', String(ts.length), {
    timeout: 30000
  });
  const box = viewer.getByLabel('cursor time (s)');
  // frame 2000 is frame 200 of the second movie
  await box.fill(String(ts[2000] + 1e-4));
  await box.press('Enter');
  await expect(camera).toHaveAttribute('data-frame', '2000');
  expect(await decodedIndexAfterRest(camera)).toBe(200);
  // the first frame of the second movie, then one step back into the first movie
  await box.fill(String(ts[1800]));
  await box.press('Enter');
  await expect(camera).toHaveAttribute('data-frame', '1800');
  expect(await decodedIndexAfterRest(camera)).toBe(0);
  await viewer.getByRole('button', { name: 'previous frame' }).click();
  await expect(camera).toHaveAttribute('data-frame', '1799');
  expect(await decodedIndexAfterRest(camera)).toBe(1799);

  // starting_time 2 s, 30 Hz: frame k at 2 + k / 30; the frame count is the movie's
  await openObject(page, tmpPath, '/acquisition/RateOnly');
  await expect(camera).toHaveAttribute('data-frames', '1800', {
    timeout: 30000
  });
  await box.fill(String(2 + 100.5 / 30));
  await box.press('Enter');
  await expect(camera).toHaveAttribute('data-frame', '100');
  expect(await decodedIndexAfterRest(camera)).toBe(100);
  await box.fill('1.5');
  await box.press('Enter');
  await expect(camera).toHaveAttribute('data-place', 'before');
  await expect(camera).toHaveAttribute('data-frame', '0');
  expect(errors).toEqual([]);
});

async function decodedIndexAfterRest(camera: Locator): Promise<number> {
  await expect(camera).toHaveAttribute('data-state', /paused|ready/, {
    timeout: 20000
  });
  return decodedIndex(camera);
}
