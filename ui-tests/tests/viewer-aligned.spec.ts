import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertGeneratedSession } from './generatedSession';

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
const ECEPHYS = path.join(os.tmpdir(), `viewer-channels-${process.pid}.nwb`);
/** 24 channels on 2 shanks in 3 regions (pynwb): which channels each region holds. */
const ECEPHYS_SCRIPT = `
import json, sys
from datetime import datetime, timezone
import numpy as np
from pynwb import NWBFile, NWBHDF5IO
from pynwb.ecephys import ElectricalSeries
nwb = NWBFile('channels', 'channels', datetime(2024, 1, 1, tzinfo=timezone.utc))
dev = nwb.create_device('probe')
shanks = [nwb.create_electrode_group(f'shank{i}', 'd', 'brain', dev) for i in range(2)]
regions = ['CA1', 'DG', 'VISp']
for i in range(24):
    nwb.add_electrode(group=shanks[i % 2], location=regions[(i // 3) % 3], x=0.0, y=float(20 * i), z=0.0)
t = np.arange(3000) / 1000
data = np.array([np.sin(2 * np.pi * (1 + c) * t) for c in range(24)]).T
nwb.add_acquisition(ElectricalSeries(name='ElectricalSeries', data=data, electrodes=nwb.create_electrode_table_region(list(range(24)), 'all'), rate=1000.0))
with NWBHDF5IO(sys.argv[1], 'w') as io:
    io.write(nwb)
print(json.dumps({r: [c for c in range(24) if regions[(c // 3) % 3] == r] for r in regions}))
`;

test.use({ autoGoto: false });
test.setTimeout(120000);

test.afterAll(() => {
  for (const made of [
    CACHE,
    CONVERTED,
    CONVERTED.replace(/\.nwb$/, '.report.json'),
    ECEPHYS
  ]) {
    fs.rmSync(made, { recursive: true, force: true });
  }
});

test('wheel velocity aligned to trial events, grouped by choice', async ({
  page,
  tmpPath
}) => {
  convertGeneratedSession({
    cache: CACHE,
    out: CONVERTED,
    seed: 2,
    convert: ['--modalities', 'trials,wheel']
  });
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

test('ElectricalSeries channels grouped by an electrodes column', async ({
  page,
  tmpPath
}) => {
  const byRegion = JSON.parse(
    execFileSync(PYTHON, ['-c', ECEPHYS_SCRIPT, ECEPHYS]).toString()
  ) as Record<string, number[]>;
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  await page.goto();
  await page.contents.uploadFile(ECEPHYS, `${tmpPath}/channels.nwb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open('channels.nwb');
  const viewer = page.locator(VIEWER);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  const series = '/acquisition/ElectricalSeries';
  await viewer.locator('.jp-NwbViewer-search').fill(series);
  await viewer
    .locator(`li[data-path="${series}"] > .jp-NwbViewer-treeRow`)
    .click();
  const plot = viewer.getByTestId('nwb-plot');
  // Channel order first: channels 0-15 (a page).
  await expect(plot).toHaveAttribute(
    'data-channels',
    Array.from({ length: 16 }, (_, c) => c).join(','),
    { timeout: 60000 }
  );
  await viewer.getByLabel('group channels by').selectOption('location');
  const group = viewer.getByLabel('channel group');
  // DG is the second group (labels in order: CA1, DG, VISp).
  await group.selectOption('1');
  await expect(plot).toHaveAttribute('data-channels', byRegion.DG.join(','));
  await expect(viewer.locator('.jp-NwbViewer-range')).toContainText(
    `DG: 1–${byRegion.DG.length} of ${byRegion.DG.length} channels (24 in all)`
  );
  await group.selectOption('*');
  await expect(plot).toHaveAttribute(
    'data-channels',
    [...byRegion.CA1, ...byRegion.DG, ...byRegion.VISp].slice(0, 16).join(',')
  );
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await page.waitForTimeout(400);
    await viewer.screenshot({
      path: `${ARTIFACTS}/viewer-channels-by-location-${theme}.png`
    });
  }
  expect(errors).toEqual([]);
});
