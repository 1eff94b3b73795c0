#!/usr/bin/env node
/**
 * Video seek to a cursor position, in the browser (issue #16 target: < 150 ms).
 *
 *   flock /tmp/ibl-bench.lock node bench/viewer/video_bench.mjs [--port 8943] [--seeks 60] [--camera Left]
 *
 * Generates a tiny session with real movies (`--video yes`: H.264, one
 * coded frame per camera time, a keyframe a second), converts it with
 * `--video`, starts JupyterLab (the UI tests' server configuration, a
 * temporary root holding the NWB file and its movie folder) and headless
 * Chromium, opens /acquisition/Video<camera>Camera and, for random cursor
 * times, measures from the time box's change (the same path as a cursor
 * moved by another view: SharedTime → every camera's showTime) to the
 * moment the camera reports the frame presented (requestVideoFrameCallback
 * verified). Each seek's frame is checked against numpy's searchsorted on
 * the timestamps, and against the index its decoded pixels draw (read
 * from a canvas). Reported, not asserted. Prints JSON.
 */
/* global document, performance, MutationObserver, Event -- the page's */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchChromium, repo, startLab, takeOption } from './labSession.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const port = Number(option('--port', '8943'));
const seeks = Number(option('--seeks', '60'));
const camera = `Video${option('--camera', 'Left')}Camera`;
const python = process.env.PYTHON ?? 'python';

const lab = startLab('video-bench-', port);
const { root, base } = lab;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'video-bench-work-'));
const out = path.join(root, 'session.nwb');
const generated = execFileSync(
  path.join(repo, 'node_modules/.bin/tsx'),
  [
    'src/one/generate/main.ts',
    '--out',
    work,
    '--sessions',
    '1',
    '--seed',
    '3',
    '--size',
    'tiny',
    '--video',
    'yes'
  ],
  { cwd: repo }
).toString();
const eid = /eid ([0-9a-f-]{36})/.exec(generated)[1];
execFileSync(
  'node',
  [
    'jupyterlab_ibl_nwb/cli/ibl2nwb.mjs',
    'convert',
    eid,
    '--cache',
    work,
    '-o',
    out,
    '--modalities',
    'trials,pose',
    '--video'
  ],
  { cwd: repo }
);
// random cursor times over the movie and numpy's frame for each (last timestamp <= t)
const plan = JSON.parse(
  execFileSync(python, [
    '-c',
    [
      'import h5py, json, sys, numpy as np',
      'ts = h5py.File(sys.argv[1], "r")[f"acquisition/{sys.argv[2]}/timestamps"][:]',
      't = np.random.default_rng(1).uniform(ts[0], ts[-1], int(sys.argv[3]))',
      'k = np.searchsorted(ts, t, side="right") - 1',
      'print(json.dumps({"frames": len(ts), "times": t.tolist(), "expected": k.tolist()}))'
    ].join('\n'),
    out,
    camera,
    String(seeks)
  ]).toString()
);

/** In the page: move the cursor through the time box, time until the camera rests on a frame. */
async function seek(page, t) {
  return page.evaluate(async t => {
    const view = document.querySelector('[data-testid="nwb-video"]');
    const box = document.querySelector('[aria-label="cursor time (s)"]');
    const t0 = performance.now();
    const rested = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        if (view.getAttribute('data-state') === 'paused') {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(view, { attributeFilter: ['data-state'] });
    });
    box.value = String(t);
    box.dispatchEvent(new Event('change'));
    await rested;
    const ms = performance.now() - t0;
    // the index the decoded pixels draw (4 x 4 bit grid, src/one/generate/movie.ts)
    const video = view.querySelector('video');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    g.drawImage(video, 0, 0);
    let decoded = 0;
    for (let bit = 0; bit < 16; bit++) {
      const x = Math.floor(((bit & 3) + 0.5) * (canvas.width / 4));
      const y = Math.floor(((bit >> 2) + 0.5) * (canvas.height / 4));
      decoded |= (g.getImageData(x, y, 1, 1).data[0] > 128 ? 1 : 0) << bit;
    }
    return {
      decoded,
      ms,
      frame: Number(view.getAttribute('data-frame'))
    };
  }, t);
}

let browser;
try {
  await lab.ready();
  browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 }
  });
  await page.goto(`${base}/lab/tree/session.nwb`);
  const viewer = page.locator('.jp-NwbViewer');
  await viewer
    .locator('.jp-NwbViewer-status[data-ready="true"]')
    .waitFor({ timeout: 120000 });
  await viewer.locator('.jp-NwbViewer-search').fill(`/acquisition/${camera}`);
  await viewer
    .locator(`li[data-path="/acquisition/${camera}"] > .jp-NwbViewer-treeRow`)
    .click();
  await viewer
    .locator('[data-testid="nwb-video"][data-state="paused"]')
    .waitFor({ timeout: 60000 });
  const results = [];
  for (const t of plan.times) {
    results.push(await seek(page, t));
  }
  const ms = results.map(r => r.ms).sort((a, b) => a - b);
  const at = q =>
    Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]);
  const wrong = results.filter((r, i) => r.frame !== plan.expected[i]).length;
  const wrongPixels = results.filter(
    (r, i) => r.decoded !== plan.expected[i]
  ).length;
  console.log(
    JSON.stringify(
      {
        camera,
        frames: plan.frames,
        movieBytes: fs.statSync(
          path.join(
            root,
            fs.readdirSync(root).find(n => n.endsWith('_image')),
            `session_${camera}.mp4`
          )
        ).size,
        chromium: browser.version(),
        seeks: results.length,
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        maxMs: Math.round(ms[ms.length - 1]),
        wrongFrames: wrong,
        wrongPixels
      },
      null,
      2
    )
  );
} finally {
  await browser?.close();
  lab.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
