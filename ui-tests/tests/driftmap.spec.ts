import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertGeneratedSession } from './generatedSession';

/**
 * The driftmap and unit-waveform views on a session generated and converted
 * by the project (2 probes), and the waveform view on a pynwb file whose
 * waveforms span every electrode of the probe: numbers checked against
 * h5py, screenshots in light and dark, no console error.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const CACHE = path.join(os.tmpdir(), `driftmap-cache-${process.pid}`);
const CONVERTED = path.join(os.tmpdir(), `driftmap-ibl-${process.pid}.nwb`);
const WAVEFORMS = path.join(
  os.tmpdir(),
  `driftmap-waveforms-${process.pid}.nwb`
);
const VIEWER = '.jp-NwbViewer';
const ARTIFACTS = 'ui-tests/artifacts';

test.use({ autoGoto: false });
test.setTimeout(120000);

let facts: {
  probes: string[];
  spikes: number[];
  units: number;
  first3: number;
  window: number;
  /** Units 0 and 1: peak electrode, channels within 100 µm, IBL's peak channel row. */
  waveforms: { peak: number; near: number; max: number }[];
};
let waveformFacts: { peak: number; near: number }[];

test.beforeAll(() => {
  convertGeneratedSession({
    cache: CACHE,
    out: CONVERTED
  });
  // h5py: spikes per probe, in the order the probes first appear in /units.
  facts = JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      [
        'import h5py, json, sys, numpy as np',
        'u = h5py.File(sys.argv[1], "r")["units"]',
        'names = [n.decode() for n in u["probe_name"][:]]',
        'counts = np.diff(np.r_[0, u["spike_times_index"][:]])',
        'probes = list(dict.fromkeys(names))',
        't = u["spike_times"][:]',
        'ends = u["spike_times_index"][:]',
        'first = [t[(0 if k == 0 else ends[k - 1]):ends[k]] for k in range(len(names)) if names[k] == probes[0]]',
        'assert all(n == probes[0] for n in names[:3])',
        // Units 0 and 1: the waveform channel of largest peak-to-peak, its electrode (the
        // unit's electrodes, in order) and how many of its channels lie within 100 µm.
        'f = u.file',
        'rows, row_ends = u["electrodes"][:], u["electrodes_index"][:]',
        'xy = np.c_[f["general/extracellular_ephys/electrodes/rel_x"][:], f["general/extracellular_ephys/electrodes/rel_y"][:]]',
        'def placed(k):',
        '    mine = rows[(0 if k == 0 else row_ends[k - 1]):row_ends[k]]',
        '    w = u["waveform_mean"][k]',
        '    assert w.shape[1] == len(mine)',
        '    peak = int(np.argmax(w.max(axis=0) - w.min(axis=0)))',
        '    near = int((np.hypot(*(xy[mine] - xy[mine[peak]]).T) <= 100).sum())',
        '    return {"peak": int(mine[peak]), "near": near, "max": int(u["max_electrode"][k])}',
        'print(json.dumps({"probes": probes, "units": len(names), "first3": int(counts[:3].sum()),',
        '  "window": int(sum(((x >= 10) & (x < 30)).sum() for x in first)),',
        '  "waveforms": [placed(0), placed(1)],',
        '  "spikes": [int(counts[[n == p for n in names]].sum()) for p in probes]}))'
      ].join('\n'),
      CONVERTED
    ]).toString()
  );
  waveformFacts = JSON.parse(
    execFileSync(PYTHON, [
      path.join(__dirname, 'make_waveform_units.py'),
      WAVEFORMS
    ]).toString()
  );
});

test.afterAll(() => {
  for (const made of [
    CACHE,
    CONVERTED,
    `${CONVERTED.replace(/\.nwb$/, '')}.report.json`,
    WAVEFORMS
  ]) {
    fs.rmSync(made, { recursive: true, force: true });
  }
});

async function openUnits(
  page: IJupyterLabPageFixture,
  file: string,
  name: string,
  tmpPath: string
) {
  await page.contents.uploadFile(file, `${tmpPath}/${name}`);
  await page.sidebar.open('left');
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open(name);
  // The view tabs need the width the file browser takes.
  await page.sidebar.close('left');
  const viewer = page.locator(VIEWER).last();
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({
    timeout: 60000
  });
  await viewer.locator('.jp-NwbViewer-search').fill('/units');
  await viewer
    .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
    .click();
  return viewer;
}

/**
 * Set the viewer tab's row filter on /units (rows, or null to clear) or its
 * shared time window ([start, length]), as the filter bar and time views do.
 */
async function tabState(
  page: IJupyterLabPageFixture,
  what: 'filter' | 'window',
  value: number[] | null
) {
  await page.evaluate(
    ([what, value]) => {
      const find = (w: any, depth = 0): any => {
        if (!w || depth > 6) {
          return null;
        }
        if (w.rowFilter && w.time) {
          return w;
        }
        for (const child of [w.content, ...(w.widgets ?? [])]) {
          const found = find(child, depth + 1);
          if (found) {
            return found;
          }
        }
        return null;
      };
      const app = (window as any).jupyterapp;
      const panel = find(app.shell.currentWidget);
      if (what === 'filter') {
        if (value) {
          panel.rowFilter.set('/units', {
            expression: `row in ${JSON.stringify(value)}`,
            rows: new Set(value)
          });
        } else {
          panel.rowFilter.clear('/units');
        }
      } else {
        panel.time.setWindow({ start: value![0], length: value![1] }, 'test');
      }
    },
    [what, value] as const
  );
}

test('driftmap and waveforms of a converted session, and waveforms on the probe', async ({
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
  const viewer = await openUnits(page, CONVERTED, 'ibl.nwb', tmpPath);
  const shot = async (name: string, theme: string) => {
    await page.waitForTimeout(300);
    await viewer.screenshot({
      path: `${ARTIFACTS}/driftmap-${name}-${theme}.png`
    });
  };
  const driftmap = viewer.getByTestId('nwb-driftmap');
  const waveforms = viewer.getByTestId('nwb-unit-waveforms');
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await viewer.locator('.jp-NwbViewer-tab[data-view="driftmap"]').click();
    // Every spike of the first probe, binned.
    await expect(driftmap).toHaveAttribute('data-done', 'true', {
      timeout: 60000
    });
    await expect(driftmap).toHaveAttribute(
      'data-spikes',
      String(facts.spikes[0])
    );
    await expect(viewer.getByLabel('probe')).toHaveValue(facts.probes[0]);
    await shot('probe0', theme);
    if (theme === 'light') {
      // A narrower window: the image is painted again to the plot's new width
      // (between plotly's margins of 60 and 100 px), with every spike still in it.
      const canvasFits = () =>
        driftmap.evaluate(plot => {
          const canvas = plot.parentElement!.querySelector('canvas')!;
          return Math.abs(
            parseFloat(canvas.style.width) - (plot.clientWidth - 160)
          );
        });
      expect(await canvasFits()).toBeLessThan(2);
      const size = page.viewportSize()!;
      const before = (await driftmap.boundingBox())!.width;
      await page.setViewportSize({
        width: size.width - 300,
        height: size.height
      });
      await expect
        .poll(async () => (await driftmap.boundingBox())!.width)
        .toBeLessThan(before - 200);
      await expect.poll(canvasFits, { timeout: 10000 }).toBeLessThan(2);
      await expect(driftmap).toHaveAttribute(
        'data-spikes',
        String(facts.spikes[0])
      );
      await page.setViewportSize(size);
      await expect.poll(canvasFits, { timeout: 10000 }).toBeLessThan(2);
    }
    console.log(
      `driftmap texture draw (${theme}): ${await driftmap.getAttribute('data-draw-ms')} ms for ${await driftmap.getAttribute('data-cols')}×${await driftmap.getAttribute('data-rows')} px`
    );
    await viewer.getByLabel('probe').selectOption(facts.probes[1]);
    await expect(driftmap).toHaveAttribute(
      'data-spikes',
      String(facts.spikes[1]),
      {
        timeout: 60000
      }
    );
    await expect(driftmap).toHaveAttribute('data-done', 'true');
    // A click places the shared cursor: a line on the plot.
    const box = (await driftmap.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(driftmap.locator('.shapelayer path')).toHaveCount(1);
    await shot('probe1-cursor', theme);

    await viewer
      .locator('.jp-NwbViewer-tab[data-view="unit-waveforms"]')
      .click();
    // The units' electrodes are the waveform channels in order (IBL's
    // clusters.waveformsChannels): placed on the probe, the peak channel and
    // its neighbours within 100 µm drawn, no message.
    for (const [u, fact] of facts.waveforms.entries()) {
      if (u > 0) {
        await viewer.getByRole('button', { name: '▶' }).click();
      }
      await expect(waveforms).toHaveAttribute('data-unit', String(u), {
        timeout: 60000
      });
      await expect(waveforms).toHaveAttribute('data-placed', 'true');
      await expect(waveforms).toHaveAttribute(
        'data-channels',
        String(fact.near)
      );
      await expect(viewer.locator('.jp-NwbViewer-range')).toContainText(
        `peak electrode ${fact.peak}`
      );
      // The largest waveform is on IBL's peak channel (clusters.channels).
      expect(fact.peak).toBe(fact.max);
      await expect(viewer.getByTestId('nwb-cannot-display')).toHaveCount(0);
    }
    await shot('waveforms-ibl', theme);
  }
  // The tab's row filter hides the other units' spikes; the shared window
  // narrows the time axis (set as the filter bar and the time views do).
  await viewer.locator('.jp-NwbViewer-tab[data-view="driftmap"]').click();
  await viewer.getByLabel('probe').selectOption(facts.probes[0]);
  await expect(driftmap).toHaveAttribute(
    'data-spikes',
    String(facts.spikes[0]),
    {
      timeout: 60000
    }
  );
  await tabState(page, 'filter', [0, 1, 2]);
  await expect(driftmap).toHaveAttribute('data-spikes', String(facts.first3));
  await tabState(page, 'filter', null);
  await expect(driftmap).toHaveAttribute(
    'data-spikes',
    String(facts.spikes[0])
  );
  await tabState(page, 'window', [10, 20]);
  await expect(driftmap).toHaveAttribute('data-spikes', String(facts.window));
  await expect(driftmap).toHaveAttribute('data-done', 'true');
  // The pynwb file: every channel is an electrode of the probe.
  const second = await openUnits(page, WAVEFORMS, 'waveforms.nwb', tmpPath);
  await second.locator('.jp-NwbViewer-tab[data-view="unit-waveforms"]').click();
  const placed = second.getByTestId('nwb-unit-waveforms');
  for (const [u, fact] of waveformFacts.entries()) {
    if (u > 0) {
      await second.getByRole('button', { name: '▶' }).click();
    }
    await expect(placed).toHaveAttribute('data-unit', String(u), {
      timeout: 60000
    });
    await expect(placed).toHaveAttribute('data-placed', 'true');
    await expect(placed).toHaveAttribute('data-channels', String(fact.near));
    await expect(second.locator('.jp-NwbViewer-range')).toContainText(
      `peak electrode ${fact.peak}`
    );
  }
  for (const theme of ['dark', 'light']) {
    if (theme === 'light') {
      await page.theme.setLightTheme();
    }
    await page.waitForTimeout(300);
    await second.screenshot({
      path: `${ARTIFACTS}/driftmap-waveforms-placed-${theme}.png`
    });
  }
  expect(errors).toEqual([]);
});
