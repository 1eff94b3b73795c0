#!/usr/bin/env node
/**
 * Draw time of the session raster in the browser, WebGL against SVG.
 *
 *   node bench/viewer/webgl_bench.mjs FILE.nwb [--port 8942] [--runs 3] [--units N]
 *
 * Starts JupyterLab (the UI tests' server configuration, a temporary root
 * holding a hard link or copy of FILE) and headless Chromium with the UI
 * tests' flags (SwiftShader WebGL, no GPU), opens FILE's /units, sets the
 * session raster to every unit (or N) over the whole session and times,
 * in the page, from the change of the window box to the frame after the
 * view says it has drawn:
 *
 * - `first`: read + decimate + plot (the spikes are read from the server),
 * - `redraw`: decimate + plot of the same window again (the view keeps the
 *   window's spikes), i.e. the drawing alone,
 *
 * once with WebGL (scattergl) and once with WebGL taken away (the view
 * falls back to SVG `scatter`, decimated to one spike per pixel per unit).
 * Reported, not asserted. Prints JSON.
 */
/* global document, performance, MutationObserver, Event, requestAnimationFrame,
   HTMLCanvasElement -- the page's */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  launchChromium,
  linkInto,
  startLab,
  takeOption
} from './labSession.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => takeOption(args, name, fallback);
const port = Number(option('--port', '8942'));
const runs = Number(option('--runs', '3'));
const unitsOption = option('--units', '');
const file = path.resolve(args[0] ?? '');
if (!args[0] || !fs.existsSync(file)) {
  console.error(
    'usage: webgl_bench.mjs FILE.nwb [--port 8942] [--runs 3] [--units N]'
  );
  process.exit(2);
}
const python = process.env.PYTHON ?? 'python';
const facts = JSON.parse(
  execFileSync(python, [
    '-c',
    [
      'import h5py, json, sys',
      'f = h5py.File(sys.argv[1], "r")',
      'st = f["units/spike_times"]',
      'print(json.dumps({"spikes": len(st), "end": float(st[:].max()), "units": len(f["units/id"])}))'
    ].join('\n'),
    file
  ]).toString()
);
const units = Number(unitsOption || facts.units);

const lab = startLab('webgl-bench-', port);
linkInto(file, lab.root, 'session.nwb');
const base = lab.base;

/** In the page: set the boxes, fire one change, time to the frame after the draw. */
async function redraw(page, values) {
  return page.evaluate(async values => {
    const plot = document.querySelector('[data-testid="nwb-raster"]');
    const boxes = Object.entries(values).map(([label, value]) => {
      const box = document.querySelector(`[aria-label="${label}"]`);
      box.value = value;
      return box;
    });
    const t0 = performance.now();
    const drawn = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve();
      });
      observer.observe(plot, { attributeFilter: ['data-spikes'] });
    });
    boxes[boxes.length - 1].dispatchEvent(new Event('change'));
    await drawn;
    await new Promise(requestAnimationFrame);
    const ms = performance.now() - t0;
    return {
      ms: Math.round(ms),
      readMs: Number(plot.getAttribute('data-read-ms')),
      drawMs: Number(plot.getAttribute('data-draw-ms')),
      renderer: plot.getAttribute('data-renderer'),
      spikes: Number(plot.getAttribute('data-spikes')),
      markers: Number(plot.getAttribute('data-drawn')),
      status: document.querySelector('.jp-NwbViewer-range')?.textContent
    };
  }, values);
}

async function measure(browser, webgl) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }
  });
  const page = await context.newPage();
  if (!webgl) {
    await page.addInitScript(() => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return /webgl/.test(type) ? null : getContext.call(this, type, ...rest);
      };
    });
  }
  await page.goto(`${base}/lab/tree/session.nwb`);
  const viewer = page.locator('.jp-NwbViewer');
  await viewer
    .locator('.jp-NwbViewer-status[data-ready="true"]')
    .waitFor({ timeout: 120000 });
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  await viewer
    .locator('[data-testid="nwb-raster"][data-spikes]')
    .waitFor({ timeout: 120000 });
  const whole = {
    'units per page': String(units),
    'window start (s)': '0',
    'window length (s)': String(Math.ceil(facts.end) + 1)
  };
  const first = await redraw(page, whole);
  const redraws = [];
  for (let i = 0; i < runs; i++) {
    // The same window with another grouping and back: no reading.
    await page.evaluate(() => {
      const box = document.querySelector('[aria-label="group units by"]');
      box.value = '';
    });
    redraws.push(
      await redraw(page, { 'window length (s)': whole['window length (s)'] })
    );
  }
  const sorted = redraws.map(r => r.ms).sort((a, b) => a - b);
  await context.close();
  return {
    renderer: first.renderer,
    spikes: first.spikes,
    markers: first.markers,
    status: first.status,
    first,
    redrawMs: redraws.map(r => r.ms),
    redrawMedianMs: sorted[Math.floor(sorted.length / 2)],
    redrawPlotMs: redraws.map(r => r.drawMs)
  };
}

let browser;
try {
  await lab.ready();
  browser = await launchChromium(['--enable-unsafe-swiftshader']);
  const version = browser.version();
  const webgl = await measure(browser, true);
  const svg = await measure(browser, false);
  console.log(
    JSON.stringify(
      {
        file,
        bytes: fs.statSync(file).size,
        spikes: facts.spikes,
        units,
        sessionSeconds: facts.end,
        chromium: version,
        runs,
        webgl,
        svg
      },
      null,
      2
    )
  );
} finally {
  await browser?.close();
  lab.stop();
}
