#!/usr/bin/env node
/**
 * Cursor move → every view of the session explorer redrawn (#16).
 *
 *   flock /tmp/ibl-bench.lock node bench/viewer/cursor_bench.mjs FILE.nwb [--port 8943] [--moves 60]
 *
 * Starts JupyterLab (the UI tests' server configuration, a temporary root
 * holding a hard link or copy of FILE) and headless Chromium with the UI
 * tests' flags, opens FILE, presses "Open session explorer" and waits for
 * every panel to draw. Then, `--moves` times, clicks the units raster's
 * plotting area at a random time inside the window (a click event on
 * plotly's drag layer, the path a user's click takes) and times, in the
 * page, from the click to the frame after every plot of the explorer has
 * its cursor line drawn at the new time (plotly's drawn layout, not a flag
 * the code sets). No data is read for a cursor move; the window stays.
 * Reported, not asserted. Prints JSON with p50 / p95 / max.
 */
/* global document, performance, requestAnimationFrame, MouseEvent -- the page's */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  launchChromium,
  linkInto,
  startLab,
  takeOption
} from './labSession.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const port = Number(option('--port', '8943'));
const moves = Number(option('--moves', '60'));
const file = path.resolve(args[0] ?? '');
if (!args[0] || !fs.existsSync(file)) {
  console.error('usage: cursor_bench.mjs FILE.nwb [--port 8943] [--moves 60]');
  process.exit(2);
}

const lab = startLab('cursor-bench-', port);
linkInto(file, lab.root, 'session.nwb');
const base = lab.base;

/** In the page: click the raster at `fraction` of its width; ms until every plot drew the cursor. */
function moveCursor(page, fraction) {
  return page.evaluate(async fraction => {
    const explorer = document.querySelector('[data-testid="nwb-explorer"]');
    const plots = [...explorer.querySelectorAll('.js-plotly-plot')];
    const raster = explorer.querySelector(
      'section[data-panel="units"] .js-plotly-plot'
    );
    const x = raster._fullLayout.xaxis;
    const y = raster._fullLayout.yaxis;
    const box = raster.getBoundingClientRect();
    const t = x.range[0] + fraction * (x.range[1] - x.range[0]);
    const drag = raster.querySelector('.draglayer .nsewdrag');
    const t0 = performance.now();
    drag.dispatchEvent(
      new MouseEvent('click', {
        bubbles: true,
        clientX: box.left + x._offset + fraction * x._length,
        clientY: box.top + y._offset + y._length / 2
      })
    );
    // Every plot shows the new cursor (the click lands on a whole pixel: compare loosely).
    const tolerance = (x.range[1] - x.range[0]) / x._length;
    const drawn = () =>
      plots.every(p => {
        const shape = (p._fullLayout.shapes ?? [])[0];
        return shape && Math.abs(Number(shape.x0) - t) <= tolerance;
      });
    while (!drawn()) {
      if (performance.now() - t0 > 5000) {
        throw new Error('a view did not draw the cursor within 5 s');
      }
      await new Promise(requestAnimationFrame);
    }
    await new Promise(requestAnimationFrame);
    return { ms: performance.now() - t0, plots: plots.length };
  }, fraction);
}

const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

let browser;
try {
  await lab.ready();
  browser = await launchChromium(['--enable-unsafe-swiftshader']);
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 }
  });
  await page.goto(`${base}/lab/tree/session.nwb`);
  const viewer = page.locator('.jp-NwbViewer');
  await viewer
    .locator('.jp-NwbViewer-status[data-ready="true"]')
    .waitFor({ timeout: 120000 });
  const opened = Date.now();
  await viewer.getByRole('button', { name: 'Open session explorer' }).click();
  await page.waitForFunction(
    () => {
      const bodies = [
        ...document.querySelectorAll('.jp-NwbViewer-explorerBody')
      ];
      return (
        bodies.length > 0 &&
        bodies.every(b => b.getAttribute('data-rendered') === 'true')
      );
    },
    null,
    { timeout: 120000 }
  );
  const explorerMs = Date.now() - opened;
  const panels = await page.evaluate(() =>
    [...document.querySelectorAll('section[data-panel]')].map(s => ({
      panel: s.getAttribute('data-panel'),
      path: s.getAttribute('data-path'),
      view: s.querySelector('[data-view-id]')?.getAttribute('data-view-id')
    }))
  );
  // Warm-up (plotly's first relayout of each plot), not counted.
  await moveCursor(page, 0.5);
  const times = [];
  let plots = 0;
  for (let i = 0; i < moves; i++) {
    const r = await moveCursor(page, 0.05 + 0.9 * Math.random());
    times.push(r.ms);
    plots = r.plots;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        file,
        bytes: fs.statSync(file).size,
        chromium: browser.version(),
        load: os.loadavg().map(v => +v.toFixed(2)),
        cpus: os.cpus().length,
        panels,
        plots,
        explorerOpenMs: explorerMs,
        moves,
        p50Ms: +quantile(sorted, 0.5).toFixed(1),
        p95Ms: +quantile(sorted, 0.95).toFixed(1),
        maxMs: +sorted[sorted.length - 1].toFixed(1)
      },
      null,
      2
    )
  );
} finally {
  await browser?.close();
  lab.stop();
}
