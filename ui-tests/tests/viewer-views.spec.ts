import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { gotoFailingOnPageErrors } from './helpers';

/**
 * Issue #14's coverage views on real shared samples: each opens to its own
 * view (not the fallback), shows data, and logs no console error; light and
 * dark screenshots are kept as artifacts.
 */
const SAMPLES = path.resolve(__dirname, '../../../shared/nwb-samples');
const VIEWER = '.jp-NwbViewer';

interface ICase {
  title: string;
  file: string;
  object: string;
  view: string;
  /** What proves the view shows data. */
  shows: string;
  /** A view other than the default: its tab is clicked. */
  tab?: string;
  /** The sample's values are all equal (pynwb's test data): the canvas is one opaque colour. */
  flat?: boolean;
}

const CASES: ICase[] = [
  {
    title: 'TwoPhotonSeries frame (pynwb)',
    file: 'nwb-explorer/test/nwb_files/pynwb_test_files/test_TwoPhotonSeries.nwb',
    object: '/acquisition/test_2ps',
    flat: true,
    view: 'frames',
    shows: 'canvas[data-testid="nwb-frame"][data-drawn="2x4"][data-frame="0"]'
  },
  {
    title: 'Images of a segmentation (neuroconv)',
    file: 'neuroconv/ophys_testing_data/segmentation_datasets/nwb/nwb_test.nwb',
    object: '/processing/ophys/SegmentationImages',
    view: 'images',
    shows: 'canvas[data-testid="nwb-image"][data-drawn="128x128"] >> nth=1'
  },
  {
    title: 'GrayscaleImage (neuroconv)',
    file: 'neuroconv/ophys_testing_data/segmentation_datasets/nwb/nwb_test.nwb',
    object: '/processing/ophys/SegmentationImages/mean',
    view: 'image',
    shows: 'canvas[data-testid="nwb-image"][data-drawn="128x128"]'
  },
  {
    title: 'PlaneSegmentation image masks over the mean image (neuroconv)',
    file: 'neuroconv/ophys_testing_data/segmentation_datasets/nwb/nwb_test.nwb',
    object: '/processing/ophys/ImageSegmentation/PlaneSegmentation',
    view: 'roi-masks',
    shows: 'canvas[data-testid="nwb-roi-masks"][data-rois="15"]'
  },
  {
    title: 'ImageSegmentation (pynwb, image and pixel masks)',
    file: 'nwb-explorer/test/nwb_files/pynwb_test_files/test_PlaneSegmentation.nwb',
    object: '/processing/plane_seg_test_module/ImageSegmentation',
    flat: true,
    view: 'roi-masks',
    shows: 'canvas[data-testid="nwb-roi-masks"][data-rois="2"]'
  },
  {
    title: 'Fluorescence traces (neuroconv)',
    file: 'neuroconv/ophys_testing_data/segmentation_datasets/nwb/nwb_test.nwb',
    object: '/processing/ophys/Fluorescence',
    view: 'behavior',
    shows: '[data-testid="nwb-plot"][data-samples] >> nth=2'
  },
  {
    title: 'SpikeEventSeries waveforms (aqnwb)',
    file: 'aqnwb/build2/data/createESandSES.nwb',
    object: '/acquisition/spikedata0',
    view: 'waveforms',
    shows: '[data-testid="nwb-plot"][data-events="10"]'
  },
  {
    title: 'DecompositionSeries bands (pynwb)',
    file: 'nwb-explorer/test/nwb_files/pynwb_test_files/test_DecompositionSeries.nwb',
    object: '/processing/test_mod/LFPSpectralAnalysis',
    flat: true,
    view: 'bands',
    shows: 'canvas[data-testid="nwb-bands"][data-samples="3"]'
  },
  {
    title: 'Subject fields (MatNWB)',
    file: 'matnwb/ecephys_tutorial.nwb',
    object: '/general/subject',
    view: 'fields',
    shows: '[data-testid="nwb-fields"] tr >> nth=1'
  },
  {
    title: 'AnnotationSeries events (aqnwb)',
    file: 'aqnwb/build2/data/createAnnotationSeries.nwb',
    object: '/acquisition/annotations1',
    view: 'events',
    shows: '[data-testid="nwb-plot"][data-events="3"]'
  },
  {
    title: 'pose keypoint XY trajectory (ndx-pose)',
    file: 'ndx-pose/src/pynwb/tests/back_compat/0.3.0_poseestimation_two_cameras.nwb',
    object: '/processing/behavior/PoseEstimation/front_left_paw',
    view: 'xy',
    tab: 'xy',
    shows: '[data-testid="nwb-plot"][data-points]'
  },
  {
    title: 'electrodes table summary (neuroconv)',
    file: 'neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb',
    object: '/general/extracellular_ephys/electrodes',
    view: 'summary',
    tab: 'summary',
    shows: '[data-testid="nwb-value-counts"] tr >> nth=0'
  },
  {
    title: 'LFP container (neuroconv)',
    file: 'neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb',
    object: '/processing/ecephys/LFP',
    view: 'behavior',
    shows: '[data-testid="nwb-plot"][data-samples]'
  }
];

test.use({ autoGoto: false });

async function openObject(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  file: string,
  object: string
) {
  const name = path.basename(file);
  await page.contents.uploadFile(
    path.resolve(SAMPLES, file),
    `${tmpPath}/${name}`
  );
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.open(name);
  const viewer = page.locator(`${VIEWER}:visible`);
  await expect(
    viewer.locator('.jp-NwbViewer-status[data-ready="true"]')
  ).toBeVisible({ timeout: 60000 });
  await viewer.locator('.jp-NwbViewer-search').fill('/');
  await viewer
    .locator(`li[data-path="${object}"] > .jp-NwbViewer-treeRow`)
    .first()
    .click();
  return viewer;
}

/** The distinct opaque colours a canvas drew, and its transparent pixels. */
const canvasColours = (
  canvas: HTMLCanvasElement
): { colours: number; transparent: number } => {
  const data = canvas
    .getContext('2d')!
    .getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set<number>();
  let transparent = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) {
      transparent++;
    } else {
      seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
  }
  return { colours: seen.size, transparent };
};

test.describe('coverage views on real samples (#14)', () => {
  gotoFailingOnPageErrors();

  for (const c of CASES) {
    test(`${c.title}: ${c.object} opens in "${c.view}" with data, light and dark`, async ({
      page,
      tmpPath
    }) => {
      const errors: string[] = [];
      page.on('console', message => {
        if (message.type() === 'error') {
          errors.push(message.text());
        }
      });
      await page.theme.setLightTheme();
      const viewer = await openObject(page, tmpPath, c.file, c.object);
      if (c.tab) {
        await viewer.locator(`button[data-view="${c.tab}"]`).click();
      }
      const view = viewer.locator(
        `.jp-NwbViewer-view[data-view-id="${c.view}"][data-rendered="true"]`
      );
      await expect(view).toBeVisible({ timeout: 60000 });
      await expect(
        view.locator('[data-testid="nwb-cannot-display"]')
      ).toHaveCount(0);
      const shown = view.locator(c.shows);
      await expect(shown).toBeVisible({ timeout: 30000 });
      if (c.shows.startsWith('canvas')) {
        const drawn = await shown.evaluate(canvasColours);
        expect(drawn.transparent).toBe(0);
        if (c.flat) {
          expect(drawn.colours).toBe(1);
        } else {
          expect(drawn.colours).toBeGreaterThan(10);
        }
      }
      const slug = c.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await view.screenshot({
        path: `ui-tests/artifacts/viewer-${slug}-light.png`
      });
      await page.theme.setDarkTheme();
      await page.waitForTimeout(300);
      await expect(view).toBeVisible();
      await view.screenshot({
        path: `ui-tests/artifacts/viewer-${slug}-dark.png`
      });
      await page.theme.setLightTheme();
      expect(errors).toEqual([]);
    });
  }
});

/** A 300-frame chunked 128 × 96 (7 MB) TwoPhotonSeries written by pynwb (random frames). */
function writeMovie(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-movie-'));
  const out = path.join(dir, 'movie.nwb');
  const script = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
from pynwb.ophys import TwoPhotonSeries, OpticalChannel
from hdmf.backends.hdf5 import H5DataIO
nwb = NWBFile("movie", "movie", datetime(2024, 1, 1, tzinfo=timezone.utc))
device = nwb.create_device("scope")
plane = nwb.create_imaging_plane(name="plane", optical_channel=OpticalChannel(name="ch", description="green", emission_lambda=510.0), description="plane", device=device, excitation_lambda=910.0, imaging_rate=30.0, indicator="GCaMP6s", location="V1")
movie = np.random.default_rng(7).integers(0, 4000, size=(300, 128, 96), dtype=np.uint16)
nwb.add_acquisition(TwoPhotonSeries(name="movie", data=H5DataIO(movie, chunks=(1, 128, 96), compression="gzip"), imaging_plane=plane, rate=30.0, unit="n.a."))
with NWBHDF5IO(${JSON.stringify(out)}, "w") as io:
    io.write(nwb)
`;
  execFileSync(process.env.PYTHON ?? 'python', ['-c', script]);
  return out;
}

test.describe('frame player (#14)', () => {
  gotoFailingOnPageErrors();

  test('the slider reads and draws the frame it points at, one frame per step', async ({
    page,
    tmpPath
  }) => {
    const errors: string[] = [];
    page.on('console', m => m.type() === 'error' && errors.push(m.text()));
    const viewer = await openObject(
      page,
      tmpPath,
      writeMovie(),
      '/acquisition/movie'
    );
    const view = viewer.locator(
      '.jp-NwbViewer-view[data-view-id="frames"][data-rendered="true"]'
    );
    const canvas = view.locator('canvas[data-testid="nwb-frame"]');
    await expect(canvas).toHaveAttribute('data-frame', '0', { timeout: 60000 });
    const pixels = () =>
      canvas.evaluate((c: HTMLCanvasElement) =>
        Array.from(c.getContext('2d')!.getImageData(0, 0, 8, 1).data)
      );
    const first = await pixels();
    const status = viewer.locator('.jp-NwbViewer-status');
    const before = Number(await status.getAttribute('data-bytes'));
    await view.getByLabel('frame slider').fill('150');
    await expect(canvas).toHaveAttribute('data-frame', '150');
    await expect(view.getByText('5.000 s')).toBeVisible();
    expect(await pixels()).not.toEqual(first);
    const after = Number(await status.getAttribute('data-bytes'));
    // One frame (24 kB compressed) costs a few 128 KiB pages, not the 7 MB movie.
    expect(after - before).toBeGreaterThan(0);
    expect(after - before).toBeLessThanOrEqual(4 * 128 * 1024);
    await view.getByLabel('frame', { exact: true }).fill('0');
    await view.getByLabel('frame', { exact: true }).press('Enter');
    await expect(canvas).toHaveAttribute('data-frame', '0');
    expect(await pixels()).toEqual(first);
    await view.screenshot({
      path: 'ui-tests/artifacts/viewer-frame-player-light.png'
    });
    expect(errors).toEqual([]);
  });
});
