import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { gotoFailingOnPageErrors } from './helpers';

const VIEWER = '.jp-NwbViewer';
const UNITS = 10;
const SPIKES_PER_UNIT = 52;

/**
 * A file with the defaults issue #14 saw on real files: spikes that start
 * at 372 s, electrode groups with long names, trials whose stop_time is
 * NaN, an optogenetic site whose values live in scalar datasets. Written
 * by pynwb, as the real ones were.
 */
const SCRIPT = `
import sys, numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile(session_description="real-file defaults", identifier="defaults",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
device = nwb.create_device(name="NLX")
for g in range(6):
    nwb.create_electrode_group(name=f"NLX-microwires-left-amygdala-{g}", description="bundle",
                               location="LA", device=device)
rng = np.random.default_rng(3)
for u in range(${UNITS}):
    first, last = 372.25 + u, 1499.5 - u
    nwb.add_unit(spike_times=np.sort(np.concatenate([[first, last], rng.uniform(first, last, ${SPIKES_PER_UNIT - 2})])))
for start, stop in [(400.0, np.nan), (410.0, np.nan), (420.0, 425.0)]:
    nwb.add_trial(start_time=start, stop_time=stop)
nwb.create_ogen_site(name="stim_site", device=device, description="site",
                     excitation_lambda=473.0, location="left amygdala")
with NWBHDF5IO(sys.argv[1], "w") as io:
    io.write(nwb)
`;

function writeSample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-defaults-'));
  const file = path.join(dir, 'defaults.nwb');
  const python = process.env.PYTHON ?? 'python';
  execFileSync(python, ['-c', SCRIPT, file]);
  return file;
}

test.use({ autoGoto: false });

test.describe('viewer defaults on real-file layouts (#14)', () => {
  gotoFailingOnPageErrors();

  test('opens where the data is, names every row, shows values and says why rows are missing', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadFile(writeSample(), `${tmpPath}/defaults.nwb`);
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.open('defaults.nwb');
    const viewer = page.locator(VIEWER);
    await expect(
      viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
    ).toBeVisible({ timeout: 60000 });

    // Defect 3: long names stay whole; the type badge gives way; hover names the row.
    await viewer
      .locator(
        'li[data-path="/general/extracellular_ephys"] > .jp-NwbViewer-treeRow .jp-NwbViewer-caret'
      )
      .click();
    const groups = viewer.locator('li[data-type="ElectrodeGroup"]');
    await expect(groups).toHaveCount(6);
    const rows = await groups.evaluateAll(items =>
      items.map(item => {
        const row = item.querySelector('.jp-NwbViewer-treeRow') as HTMLElement;
        const name = row.querySelector('.jp-NwbViewer-name') as HTMLElement;
        const badge = row.querySelector(
          '.jp-NwbViewer-typeBadge'
        ) as HTMLElement;
        const clipped = (e: HTMLElement) => e.scrollWidth > e.clientWidth + 1;
        return {
          title: row.title,
          name: name.textContent,
          nameClipped: clipped(name),
          badgeClipped: clipped(badge),
          widths: [name.clientWidth, badge.clientWidth, row.clientWidth]
        };
      })
    );
    for (const row of rows) {
      // The name is never cut while the badge is shown whole.
      expect({
        ...row,
        cutFirst: row.nameClipped && !row.badgeClipped
      }).toMatchObject({ cutFirst: false });
    }

    // Defect 1: the raster opens on spikes, and "whole" (reached by Tab) shows them all.
    await viewer
      .locator('li[data-path="/units"] > .jp-NwbViewer-treeRow')
      .click();
    const raster = viewer.getByTestId('nwb-raster');
    await expect(raster).toHaveAttribute('data-spikes', /^[1-9]/, {
      timeout: 60000
    });
    await viewer.locator('button[title="Later"]').focus();
    await page.keyboard.press('Tab');
    const whole = viewer.locator('button[aria-label="whole series"]');
    await expect(whole).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(raster).toHaveAttribute(
      'data-spikes',
      String(UNITS * SPIKES_PER_UNIT),
      { timeout: 30000 }
    );
    await page.theme.setDarkTheme();
    await page.waitForTimeout(300);
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-raster-whole-dark.png'
    });

    // Defect 4: a timeline of trials with NaN stop_time says why.
    await viewer
      .locator('li[data-path="/intervals/trials"] > .jp-NwbViewer-treeRow')
      .click();
    await viewer.locator('.jp-NwbViewer-tab[data-view="timeline"]').click();
    const timeline = viewer.locator(
      '.jp-NwbViewer-view[data-view-id="timeline"]'
    );
    await expect(timeline).toHaveAttribute('data-rendered', 'true', {
      timeout: 30000
    });
    await expect(timeline).toContainText('2 of 3 rows have no stop_time (NaN)');
    // Readable in the dark theme (WCAG AA: 4.5:1).
    const contrast = await timeline
      .locator('.jp-NwbViewer-message')
      .evaluate(note => {
        const style = getComputedStyle(note);
        const luminance = (css: string) => {
          const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number);
          const lin = (c: number) =>
            c / 255 <= 0.03928
              ? c / 255 / 12.92
              : ((c / 255 + 0.055) / 1.055) ** 2.4;
          return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        };
        const [hi, lo] = [
          luminance(style.color),
          luminance(style.backgroundColor)
        ].sort((a, b) => b - a);
        return (hi + 0.05) / (lo + 0.05);
      });
    expect(contrast).toBeGreaterThanOrEqual(4.5);
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-timeline-nan-dark.png'
    });

    // Defect 2: a group's members by name, and a dataset's value.
    await viewer.locator('.jp-NwbViewer-search').fill('stim_site');
    await viewer
      .locator(
        'li[data-path="/general/optogenetics/stim_site"] > .jp-NwbViewer-treeRow'
      )
      .click();
    await viewer.locator('.jp-NwbViewer-tab[data-view="inspect"]').click();
    const members = viewer.getByTestId('nwb-inspector-members');
    await expect(members).toContainText('excitation_lambda');
    await members.getByRole('button', { name: 'excitation_lambda' }).click();
    const values = viewer.getByTestId('nwb-inspector-values');
    await expect(values).toContainText('473');
    await page.theme.setLightTheme();
    await page.waitForTimeout(300);
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-inspector-values-light.png'
    });
  });
});
