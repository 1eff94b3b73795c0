import { describe, expect, it } from 'vitest';

import {
  autoContrast,
  pictureRange,
  toNumbers
} from '../../../src/viewer/images/contrast';
import {
  frameLayout,
  frameSlice,
  imageGeometry
} from '../../../src/viewer/images/geometry';
import { toRgba } from '../../../src/viewer/images/rasterize';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import type { H5Slice, IH5Source } from '../../../src/viewer/model/source';
import { findNode } from '../../../src/viewer/model/tree';
import { seriesFrames } from '../../../src/viewer/views/imageSeriesView';
import { openSample } from './openSample';
import { pythonJson, writeWithPython } from './pyFixture';
import { sample } from './samples';

describe('frame geometry', () => {
  it('reads [frame, x, y] as frames of x rows and y columns', () => {
    const found = frameLayout([100, 512, 256], false);
    expect(found).toEqual({
      layout: {
        frames: 100,
        planes: 1,
        geometry: { rows: 512, cols: 256, colors: 1 }
      }
    });
  });

  it('reads a 4-D TwoPhotonSeries as volumes and a 4-D OpticalSeries as colour', () => {
    expect(frameLayout([10, 64, 64, 3], false)).toMatchObject({
      layout: { planes: 3, geometry: { colors: 1 } }
    });
    expect(frameLayout([10, 64, 64, 3], true)).toMatchObject({
      layout: { planes: 1, geometry: { colors: 3 } }
    });
  });

  it('refuses shapes that are not frames, with the shape in the reason', () => {
    expect(frameLayout([100, 4], false)).toEqual({
      reason: expect.stringContaining('[100, 4]')
    });
    expect(frameLayout([0, 0, 0], false)).toEqual({
      reason: expect.stringContaining('empty')
    });
  });

  it('slices exactly one frame (and one plane), clamped to the data', () => {
    const flat = (frameLayout([100, 512, 256], false) as any).layout;
    expect(frameSlice([100, 512, 256], flat, 41)).toEqual([
      [41, 42],
      [0, 512],
      [0, 256]
    ]);
    expect(frameSlice([100, 512, 256], flat, 1e9)[0]).toEqual([99, 100]);
    const volume = (frameLayout([10, 8, 8, 5], false) as any).layout;
    expect(frameSlice([10, 8, 8, 5], volume, 2, 4)).toEqual([
      [2, 3],
      [0, 8],
      [0, 8],
      [4, 5]
    ]);
    const colour = (frameLayout([10, 8, 8, 3], true) as any).layout;
    expect(frameSlice([10, 8, 8, 3], colour, 2, 0)[3]).toEqual([0, 3]);
  });

  it('knows the Image shapes of the NWB schema', () => {
    expect(imageGeometry([5, 7])).toEqual({
      geometry: { rows: 5, cols: 7, colors: 1 }
    });
    expect(imageGeometry([5, 7, 4])).toEqual({
      geometry: { rows: 5, cols: 7, colors: 4 }
    });
    expect(imageGeometry([5, 7, 2])).toHaveProperty('reason');
  });
});

describe('contrast and pixels', () => {
  it('leaves a few hot pixels out of the display range', () => {
    const values = Float64Array.from({ length: 10000 }, (_, i) => i % 100);
    values[0] = 1e9;
    values[1] = -1e9;
    const [lo, hi] = autoContrast(values);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(99);
    expect(hi - lo).toBeGreaterThan(90);
  });

  it('gives a flat or empty picture a range, so it draws', () => {
    expect(autoContrast([3, 3, 3])).toEqual([2.5, 3.5]);
    expect(autoContrast([NaN])).toEqual([0, 1]);
  });

  it('shows byte colour pictures as stored, whatever h5wasm calls the byte type', () => {
    const dark = [0, 10, 20, 5, 15, 25];
    expect(pictureRange(dark, 3, '<B')).toEqual([0, 255]);
    expect(pictureRange(dark, 3, '|u1')).toEqual([0, 255]);
    // Gray pictures and wider types take their range from their values.
    expect(pictureRange(dark, 1, '<B')).not.toEqual([0, 255]);
    expect(pictureRange(dark, 3, '<H')).not.toEqual([0, 255]);
  });

  it('maps gray values through the range and leaves NaN transparent', () => {
    const rgba = toRgba(
      [0, 5, 10, NaN],
      { rows: 2, cols: 2, colors: 1 },
      0,
      10
    );
    expect(Array.from(rgba)).toEqual([
      0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 0
    ]);
    const rgb = toRgba([255, 0, 0], { rows: 1, cols: 1, colors: 3 }, 0, 255);
    expect(Array.from(rgb)).toEqual([255, 0, 0, 255]);
  });
});

/** A source that records every read, to prove a view reads one frame only. */
function counting(source: IH5Source) {
  const reads: { path: string; values: number }[] = [];
  const wrapped: IH5Source = {
    filename: source.filename,
    size: source.size,
    root: () => source.root(),
    list: p => source.list(p),
    info: p => source.info(p),
    async read(path: string, slice?: H5Slice) {
      const value = await source.read(path, slice);
      reads.push({
        path,
        values: (value as ArrayLike<unknown>)?.length ?? 1
      });
      return value;
    }
  };
  return { wrapped, reads };
}

describe('TwoPhotonSeries frames from real files', () => {
  it('reads the pynwb test file frame as h5py does', async () => {
    const path = sample(
      'nwb-explorer/test/nwb_files/pynwb_test_files/test_TwoPhotonSeries.nwb'
    );
    const expected = pythonJson<number[]>(
      `import h5py, json; print(json.dumps(h5py.File(${JSON.stringify(path)}, "r")["/acquisition/test_2ps/data"][0].ravel().tolist()))`
    );
    const { source, close } = await openSample(path);
    try {
      const model = await loadNwbFile(source);
      const found = await seriesFrames(
        source,
        findNode(model.tree, '/acquisition/test_2ps')!
      );
      if ('reason' in found) {
        throw new Error(found.reason);
      }
      expect(found.layout.geometry).toEqual({ rows: 2, cols: 4, colors: 1 });
      const frame = toNumbers(
        await source.read(
          found.dataPath,
          frameSlice(found.shape, found.layout, 0)
        )
      );
      expect(Array.from(frame)).toEqual(expected);
    } finally {
      close();
    }
  });

  it('reads one frame of a long chunked movie: its values, and nothing else of the data', async () => {
    const file = writeWithPython(
      'movie.nwb',
      `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
from pynwb.ophys import TwoPhotonSeries, OpticalChannel
from hdmf.backends.hdf5 import H5DataIO
nwb = NWBFile("movie", "movie", datetime(2024, 1, 1, tzinfo=timezone.utc))
device = nwb.create_device("scope")
plane = nwb.create_imaging_plane(name="plane", optical_channel=OpticalChannel(name="ch", description="green", emission_lambda=510.0), description="an imaging plane", device=device, excitation_lambda=910.0, imaging_rate=30.0, indicator="GCaMP6s", location="V1")
rng = np.random.default_rng(7)
movie = rng.integers(0, 4000, size=(300, 64, 48), dtype=np.uint16)
nwb.add_acquisition(TwoPhotonSeries(name="movie", data=H5DataIO(movie, chunks=(1, 64, 48), compression="gzip"), imaging_plane=plane, rate=30.0, unit="n.a."))
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`
    );
    const expected = pythonJson<number[]>(
      `import h5py, json; print(json.dumps(h5py.File(${JSON.stringify(file)}, "r")["/acquisition/movie/data"][217].ravel().tolist()))`
    );
    const { source, close } = await openSample(file);
    try {
      const model = await loadNwbFile(source);
      const { wrapped, reads } = counting(source);
      const found = await seriesFrames(
        wrapped,
        findNode(model.tree, '/acquisition/movie')!
      );
      if ('reason' in found) {
        throw new Error(found.reason);
      }
      expect(found.layout.frames).toBe(300);
      expect(found.axis).toMatchObject({ kind: 'rate', rate: 30 });
      const frame = toNumbers(
        await wrapped.read(
          found.dataPath,
          frameSlice(found.shape, found.layout, 217)
        )
      );
      expect(Array.from(frame)).toEqual(expected);
      const dataValues = reads
        .filter(r => r.path === found.dataPath)
        .reduce((sum, r) => sum + r.values, 0);
      expect(dataValues).toBe(64 * 48);
    } finally {
      close();
    }
  });

  it('says where the frames are when they live in an external file', async () => {
    const path = sample(
      'pynwb/tests/back_compat/1.5.1_imageseries_no_data.nwb'
    );
    const { source, close } = await openSample(path);
    try {
      const model = await loadNwbFile(source);
      const found = await seriesFrames(
        source,
        findNode(model.tree, '/acquisition/test_imageseries')!
      );
      expect(found).toEqual({
        reason: expect.stringMatching(/external file\(s\) .+/)
      });
    } finally {
      close();
    }
  });
});
