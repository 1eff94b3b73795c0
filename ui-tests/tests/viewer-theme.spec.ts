import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { gotoFailingOnPageErrors } from './helpers';

/** A modern PyNWB file with an ElectricalSeries (a plot) and a table. */
const SAMPLE = path.resolve(
  __dirname,
  '../../../shared/nwb-samples/nwb2bids/docs/expected_files/sub-001_ses-A_ecephys.nwb'
);
const SERIES = '/acquisition/ExampleElectricalSeries';
const VIEWER = '.jp-NwbViewer';

test.use({ autoGoto: false });

test.describe('viewer plots follow the theme', () => {
  gotoFailingOnPageErrors();

  test('a plot drawn in the light theme takes the dark colours on a switch, without a redraw of its data', async ({
    page,
    tmpPath
  }) => {
    await page.theme.setLightTheme();
    await page.contents.uploadFile(SAMPLE, `${tmpPath}/theme.nwb`);
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.open('theme.nwb');
    const viewer = page.locator(VIEWER);
    await expect(
      viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
    ).toBeVisible({ timeout: 60000 });
    await viewer.locator('.jp-NwbViewer-search').fill('/');
    await viewer
      .locator(`li[data-path="${SERIES}"] > .jp-NwbViewer-treeRow`)
      .click();
    const view = viewer.locator(
      '.jp-NwbViewer-view[data-view-id="timeseries"][data-rendered="true"]'
    );
    await expect(view).toBeVisible({ timeout: 60000 });
    const plot = view.locator('.js-plotly-plot').first();

    /** What plotly drew (its full layout) and what the theme says now. */
    const colours = () =>
      plot.evaluate(element => {
        const full = (element as unknown as { _fullLayout: any })._fullLayout;
        const style = getComputedStyle(element);
        const css = (name: string) => style.getPropertyValue(name).trim();
        // The colour a browser resolves a CSS colour to, as plotly writes it.
        const probe = document.createElement('div');
        document.body.append(probe);
        const resolve = (colour: string) => {
          probe.style.color = colour;
          return getComputedStyle(probe).color;
        };
        const result = {
          paper: resolve(full.paper_bgcolor),
          plotArea: resolve(
            (element.querySelector('.bglayer .bg') as SVGElement | null)?.style
              .fill ?? full.plot_bgcolor
          ),
          font: resolve(full.font.color),
          grid: resolve(full.xaxis.gridcolor),
          themeLayout: resolve(css('--jp-layout-color0')),
          themeFont: resolve(css('--jp-ui-font-color1')),
          themeGrid: resolve(css('--jp-border-color2'))
        };
        probe.remove();
        return result;
      });

    const light = await colours();
    expect(light.paper).toBe(light.themeLayout);
    expect(light.plotArea).toBe(light.themeLayout);

    const requests = await viewer
      .locator('.jp-NwbViewer-status')
      .getAttribute('data-requests');

    await page.theme.setDarkTheme();
    await expect
      .poll(async () => (await colours()).paper, { timeout: 10000 })
      .not.toBe(light.paper);
    const dark = await colours();
    expect(dark.themeLayout).not.toBe(light.themeLayout);
    expect(dark.paper).toBe(dark.themeLayout);
    expect(dark.plotArea).toBe(dark.themeLayout);
    expect(dark.font).toBe(dark.themeFont);
    expect(dark.grid).toBe(dark.themeGrid);
    // Colours only: nothing read again, the plot kept its data.
    await expect(viewer.locator('.jp-NwbViewer-status')).toHaveAttribute(
      'data-requests',
      requests as string
    );
    await page.waitForTimeout(200);
    await viewer.screenshot({
      path: 'ui-tests/artifacts/viewer-theme-switch-dark.png'
    });

    // And back again.
    await page.theme.setLightTheme();
    await expect
      .poll(async () => (await colours()).paper, { timeout: 10000 })
      .toBe(light.themeLayout);
    expect((await colours()).plotArea).toBe(light.themeLayout);
  });
});
