import { describe, expect, it } from 'vitest';

import { toNumbers } from '../../../src/viewer/images/contrast';
import {
  labelsFromImageMasks,
  labelsFromPixelMasks,
  NO_ROI,
  roiColor,
  roisPerPage,
  type MaskEntry
} from '../../../src/viewer/images/roiMasks';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { backgroundFor } from '../../../src/viewer/views/planeSegmentationView';
import { openSample } from './openSample';
import { pythonJson } from './pyFixture';
import { sample } from './samples';

const SEGMENTATION = sample(
  'neuroconv/ophys_testing_data/segmentation_datasets/nwb/nwb_test.nwb'
);
const PIXEL_MASKS = sample(
  'nwb-explorer/test/nwb_files/pynwb_test_files/test_PlaneSegmentation.nwb'
);

describe('ROI labels', () => {
  it('give each pixel the ROI of largest weight', () => {
    // Two 2×2 masks overlapping at pixel 1.
    const masks = [1, 0.2, 0, 0, 0, 0.9, 0.5, 0];
    const labels = labelsFromImageMasks(masks, 2, {
      rows: 2,
      cols: 2,
      colors: 1
    });
    expect(Array.from(labels)).toEqual([0, 1, 1, NO_ROI]);
  });

  it('count pixel-mask entries outside the picture instead of drawing them', () => {
    const entries: MaskEntry[] = [
      [0, 0, 1],
      [1, 1, 1],
      [5, 5, 1]
    ];
    const found = labelsFromPixelMasks(entries, [1, 3], {
      rows: 2,
      cols: 2,
      colors: 1
    });
    expect(Array.from(found.labels)).toEqual([0, NO_ROI, NO_ROI, 1]);
    expect(found.outside).toBe(1);
  });

  it('page ROIs so one read stays under the cap, at least one ROI', () => {
    const plane = { rows: 512, cols: 512, colors: 1 as const };
    expect(roisPerPage(plane, 1000, 16 * 1024 * 1024)).toBe(64);
    expect(roisPerPage(plane, 10, 16 * 1024 * 1024)).toBe(10);
    expect(roisPerPage(plane, 10, 1)).toBe(1);
  });

  it('colour neighbouring ROIs apart', () => {
    expect(roiColor(0)).not.toEqual(roiColor(1));
    expect(roiColor(5)).toEqual(roiColor(5));
  });
});

describe('ROI masks of real files', () => {
  it('image_mask labels match numpy argmax of the masks (CaImAn/suite2p-style segmentation)', async () => {
    const expected = pythonJson<number[]>(`
import h5py, json, numpy as np
m = h5py.File(${JSON.stringify(SEGMENTATION)}, "r")["/processing/ophys/ImageSegmentation/PlaneSegmentation/image_mask"][:]
labels = np.where(m.max(axis=0) > 0, m.argmax(axis=0), -1)
print(json.dumps(labels.ravel().tolist()))`);
    const { source, close } = await openSample(SEGMENTATION);
    try {
      const masks = toNumbers(
        await source.read(
          '/processing/ophys/ImageSegmentation/PlaneSegmentation/image_mask'
        )
      );
      const labels = labelsFromImageMasks(masks, 15, {
        rows: 128,
        cols: 128,
        colors: 1
      });
      expect(Array.from(labels)).toEqual(expected);
      expect(new Set(labels).size).toBeGreaterThan(10);
      // The mean image of the segmentation is the background.
      const model = await loadNwbFile(source);
      expect(backgroundFor(model.tree, [128, 128])?.path).toBe(
        '/processing/ophys/SegmentationImages/mean'
      );
      expect(backgroundFor(model.tree, [5, 5])).toBeUndefined();
    } finally {
      close();
    }
  });

  it('pixel_mask labels match the ragged masks pynwb wrote', async () => {
    const base =
      '/processing/plane_seg_test_module/ImageSegmentation/test_plane_seg_name';
    const expected = pythonJson<{ x: number; y: number; roi: number }[]>(`
import h5py, json
f = h5py.File(${JSON.stringify(PIXEL_MASKS)}, "r")
pm = f["${base}/pixel_mask"][:]
ends = f["${base}/pixel_mask_index"][:]
out, start = [], 0
for roi, end in enumerate(ends):
    for e in pm[start:end]:
        out.append({"x": int(e["x"]), "y": int(e["y"]), "roi": roi})
    start = end
print(json.dumps(out))`);
    const { source, close } = await openSample(PIXEL_MASKS);
    try {
      const entries = (await source.read(`${base}/pixel_mask`)) as MaskEntry[];
      const ends = toNumbers(await source.read(`${base}/pixel_mask_index`));
      const geometry = { rows: 12, cols: 12, colors: 1 as const };
      const { labels } = labelsFromPixelMasks(entries, ends, geometry);
      for (const { x, y, roi } of expected) {
        expect(labels[x * geometry.cols + y]).toBe(roi);
      }
      expect(labels.filter(l => l !== NO_ROI).length).toBe(expected.length);
    } finally {
      close();
    }
  });
});
