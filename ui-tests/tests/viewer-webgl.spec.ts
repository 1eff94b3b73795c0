import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The session raster of a generated session with more than 5 M spikes
 * (pynwb, 3000 trials, 300 units, ~64 MB): every spike of every unit over
 * the whole session is read, decimated to one per pixel per unit and drawn
 * with WebGL (`scattergl`). Draw times are recorded as annotations, not
 * asserted. A second test takes WebGL away and checks the SVG fallback.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const GENERATOR = path.resolve(
  __dirname,
  '../../tests/python/viewer/make_session_nwb.py'
);
const FILE = path.join(os.tmpdir(), `viewer-webgl-${process.pid}.nwb`);
const UNITS = 300;
const VIEWER = '.jp-NwbViewer';
const ARTIFACTS = 'ui-tests/artifacts';

let facts: {
  spikes: number;
  end: number;
  units: number;
  stored: number;
  /** Stored bytes of the spike_times chunks holding a spike in [0, 10 s) (the first window). */
  window: number;
  /** Stored bytes of spike_times_index (read whole). */
  index: number;
};

test.use({ autoGoto: false, viewport: { width: 1600, height: 1000 } });
// Reading every spike of the session takes 15-100 s in this browser (see
// bench/viewer/README.md); the drawing itself is what this test is about.
test.setTimeout(600000);

test.beforeAll(() => {
  test.setTimeout(600000);
  execFileSync(PYTHON, [
    GENERATOR,
    FILE,
    '--trials',
    '3000',
    '--units',
    String(UNITS)
  ]);
  facts = JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      [
        'import h5py, json, sys',
        'import numpy as np',
        'f = h5py.File(sys.argv[1], "r")',
        'st = f["units/spike_times"]',
        'times = st[:]',
        'ends = f["units/spike_times_index"][:]',
        'starts = np.concatenate([[0], ends[:-1]])',
        'c = st.chunks[0]',
        'sizes = [st.id.get_chunk_info(i).size for i in range(st.id.get_num_chunks())]',
        'hit = set()',
        'for a, b in zip(starts, ends, strict=True):',
        '    inside = np.flatnonzero(times[a:b] < 10) + a',
        '    hit.update((inside // c).tolist())',
        'print(json.dumps({"spikes": len(st), "end": float(times.max()), "units": len(f["units/id"]), "stored": st.id.get_storage_size(),',
        '                  "window": int(sum(sizes[i] for i in hit)),',
        '                  "index": f["units/spike_times_index"].id.get_storage_size()}))'
      ].join('\n'),
      FILE
    ]).toString()
  );
});

test.afterAll(() => {
  fs.rmSync(FILE, { force: true });
});

/** Copy the file into the server's folder (an upload of 64 MB is slow) and open it. */
async function open(page: IJupyterLabPageFixture, tmpPath: string) {
  await page.goto();
  const root: string = await page.evaluate(
    () =>
      JSON.parse(
        document.getElementById('jupyter-config-data')?.textContent ?? '{}'
      ).serverRoot
  );
  fs.mkdirSync(path.join(root, tmpPath), { recursive: true });
  fs.copyFileSync(FILE, path.join(root, tmpPath, 'session.nwb'));
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('session.nwb');
  await page.sidebar.close('left');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  // What the metadata crawl read, before any view asked for data.
  const crawled = await fetched(page);
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  const raster = viewer.getByTestId('nwb-raster');
  await expect(raster).toHaveAttribute('data-spikes', /\d+/, {
    timeout: 60000
  });
  return { viewer, raster, crawled };
}

/**
 * Set the raster's boxes, fire one change, and return the milliseconds
 * until the view has drawn (it sets `data-spikes` last), measured in the
 * page.
 */
async function redraw(
  page: IJupyterLabPageFixture,
  values: Record<string, string>
): Promise<number> {
  return page.evaluate(
    async ({ values }) => {
      const plot = document.querySelector(
        '[data-testid="nwb-raster"]'
      ) as HTMLElement;
      const boxes = Object.entries(values).map(([label, value]) => {
        const box = document.querySelector(
          `input[aria-label="${label}"]`
        ) as HTMLInputElement;
        box.value = value;
        return box;
      });
      const t0 = performance.now();
      const drawn = new Promise<void>(resolve => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(plot, { attributeFilter: ['data-spikes'] });
      });
      boxes[boxes.length - 1].dispatchEvent(new Event('change'));
      await drawn;
      // The frame that shows it.
      await new Promise(requestAnimationFrame);
      return performance.now() - t0;
    },
    { values }
  );
}

/** Bytes the viewer's worker has fetched from the server so far. */
async function fetched(page: IJupyterLabPageFixture): Promise<number> {
  return Number(
    await page
      .locator(`${VIEWER} .jp-NwbViewer-status`)
      .getAttribute('data-bytes')
  );
}

function record(type: string, description: string) {
  test.info().annotations.push({ type, description });
  console.log(`${type}: ${description}`);
}

test('a raster of more than 5 M spikes is drawn with WebGL over the whole session', async ({
  page,
  tmpPath
}) => {
  expect(facts.spikes).toBeGreaterThanOrEqual(5_000_000);
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  const { viewer, raster, crawled } = await open(page, tmpPath);
  const whole = String(Math.ceil(facts.end) + 1);
  // Bytes fetched by each draw: the first reads every chunk of
  // spike_times about once (units are read in file order, whatever the
  // order they are drawn in); the redraw and the zoom read nothing new.
  const bytes = [await fetched(page)];

  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    // Every unit, the whole session: the view reads every spike.
    const ms = await redraw(page, {
      'units per page': String(UNITS),
      'window start (s)': '0',
      'window length (s)': whole
    });
    await expect(raster).toHaveAttribute('data-spikes', String(facts.spikes));
    await expect(raster).toHaveAttribute('data-renderer', 'webgl');
    await expect(raster.locator('canvas.gl-canvas-context')).toHaveCount(1);
    await expect(viewer.locator('.jp-NwbViewer-range')).toContainText('WebGL');
    const drawn = Number(await raster.getAttribute('data-drawn'));
    expect(drawn).toBeGreaterThan(40_000);
    expect(drawn).toBeLessThan(facts.spikes);
    record(
      `whole session, ${theme}`,
      `${facts.spikes} spikes, ${drawn} markers (WebGL): ${ms.toFixed(0)} ms from the change to the frame (read ${await raster.getAttribute('data-read-ms')} ms, decimate + plot ${await raster.getAttribute('data-draw-ms')} ms)`
    );
    bytes.push(await fetched(page));
    await page.waitForTimeout(300);
    await viewer.screenshot({
      path: `${ARTIFACTS}/viewer-webgl-session-raster-${theme}.png`
    });
  }
  const [before, afterWhole, afterRedraw] = bytes;
  record(
    'bytes fetched',
    `first 10 s window ${before - crawled} (the chunks holding its spikes store ${facts.window}, the index ${facts.index}), whole session ${afterWhole - before} (spike_times stores ${facts.stored}), redraw ${afterRedraw - afterWhole}`
  );
  // The first window reads the chunks that hold its spikes and the index, nothing more: its
  // share of the file. (In this file every chunk holds some unit's first seconds, so that
  // share is the whole of spike_times; a file sorted otherwise would give a smaller bound.)
  expect(before - crawled).toBeLessThanOrEqual(facts.window + facts.index);
  // The whole session reads every chunk once (measured 1.003×), not 1.5 times.
  expect(afterWhole - before).toBeLessThan(1.05 * facts.stored);
  expect(afterRedraw - afterWhole).toBeLessThan(0.05 * facts.stored);

  // Zoom by dragging a box over time and units (plotly's zoom): the view
  // redraws that window at full resolution from the spikes it holds, and
  // keeps the units range of the box.
  const box = (await raster.locator('.nsewdrag').first().boundingBox()) as {
    x: number;
    y: number;
    width: number;
    height: number;
  };
  const started = Date.now();
  const drawn = raster.evaluate(
    plot =>
      new Promise<void>(resolve => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(plot, { attributeFilter: ['data-spikes'] });
      })
  );
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.6, {
    steps: 5
  });
  await page.mouse.up();
  await drawn;
  const zoomMs = Date.now() - started;
  const start = Number(
    await viewer.getByLabel('window start (s)').inputValue()
  );
  const length = Number(
    await viewer.getByLabel('window length (s)').inputValue()
  );
  expect(start).toBeGreaterThan(0);
  expect(length).toBeLessThan(Number(whole) / 2);
  const zoomBytes = (await fetched(page)) - afterRedraw;
  expect(zoomBytes).toBeLessThan(0.05 * facts.stored);
  const units = await raster.evaluate(
    plot =>
      (plot as unknown as { _fullLayout: { yaxis: { range: number[] } } })
        ._fullLayout.yaxis.range
  );
  // Rows about 30 %-60 % down, not all 300 (drawn top to bottom).
  expect(Math.abs(units[0] - units[1])).toBeLessThan(UNITS / 2);
  expect(Math.min(...units)).toBeGreaterThan(UNITS * 0.2);
  await page.waitForTimeout(300);
  await viewer.screenshot({
    path: `${ARTIFACTS}/viewer-webgl-session-raster-zoom-dark.png`
  });
  record(
    'zoom (drag on the time axis)',
    `to ${start.toFixed(0)}–${(start + length).toFixed(0)} s, units ${units.map(u => u.toFixed(0)).join('–')}, ${zoomBytes} bytes fetched: ${await raster.getAttribute('data-spikes')} spikes, ${await raster.getAttribute('data-drawn')} markers (${await raster.getAttribute('data-renderer')}) in ${zoomMs} ms from the mouse-up (read ${await raster.getAttribute('data-read-ms')} ms, decimate + plot ${await raster.getAttribute('data-draw-ms')} ms)`
  );

  // The trial raster of the busiest unit (unit 0, ~33 Hz over 3000 trials)
  // is over the SVG budget too.
  await viewer.locator('.jp-NwbViewer-tab[data-view="psth"]').click();
  const psth = viewer.getByTestId('nwb-psth');
  await expect(psth).toHaveAttribute('data-unit', '0', { timeout: 60000 });
  await expect(psth).toHaveAttribute('data-renderer', 'webgl');
  await expect(psth.locator('canvas.gl-canvas-context')).toHaveCount(1);
  record(
    'trial raster, unit 0',
    (await viewer
      .locator('.jp-NwbViewer-view[data-view-id="psth"] .jp-NwbViewer-range')
      .textContent()) ?? ''
  );
  await page.waitForTimeout(300);
  await viewer.screenshot({
    path: `${ARTIFACTS}/viewer-webgl-trial-raster-dark.png`
  });
  expect(errors).toEqual([]);
});

test('without WebGL the raster falls back to a decimated SVG and says so', async ({
  page,
  tmpPath
}) => {
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (
      this: HTMLCanvasElement,
      type: string,
      ...rest: unknown[]
    ) {
      return /webgl/.test(type)
        ? null
        : (getContext as (...a: unknown[]) => unknown).call(
            this,
            type,
            ...rest
          );
    } as typeof getContext;
  });
  const { viewer, raster } = await open(page, tmpPath);
  const ms = await redraw(page, { 'window length (s)': '600' });
  await expect(raster).toHaveAttribute('data-renderer', 'svg');
  await expect(raster.locator('canvas.gl-canvas-context')).toHaveCount(0);
  await expect(viewer.locator('.jp-NwbViewer-range')).toContainText(
    'WebGL unavailable'
  );
  const drawn = Number(await raster.getAttribute('data-drawn'));
  const spikes = Number(await raster.getAttribute('data-spikes'));
  expect(drawn).toBeLessThan(spikes);
  record(
    '600 s, 100 units, SVG (no WebGL)',
    `${spikes} spikes, ${drawn} markers: ${ms.toFixed(0)} ms from the change to the frame`
  );
});
