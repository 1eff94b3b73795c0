import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { toNumbers } from '../../../src/viewer/images/contrast';
import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { spectrumLines } from '../../../src/viewer/spectrum/spectrumLines';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import {
  isVolumeShape,
  volumePlane
} from '../../../src/viewer/volume/volumeSlice';
import { extensionLines } from './extensionFixture';
import { openSample } from './openSample';
import { pythonJson, writeWithPython } from './pyFixture';

/** The vendored extension specs (tests/python/viewer/ndx). */
const NDX = fileURLToPath(new URL('../../python/viewer/ndx', import.meta.url));

const SCRIPT = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile("ext", "ext", datetime(2024, 1, 1, tzinfo=timezone.utc))
${extensionLines(NDX)}
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

/** h5py's reading of an expression over the open file `f`, as JSON. */
const h5py = (file: string, expression: string) =>
  pythonJson<number[][]>(
    `import h5py, json; f = h5py.File(${JSON.stringify(file)}, "r"); print(json.dumps((${expression}).tolist()))`
  );

describe('ndx-spectrum Spectrum and ndx-grayscalevolume GrayscaleVolume', () => {
  let file = '';
  let model: INwbFileModel;
  let opened: Awaited<ReturnType<typeof openSample>>;
  const registry = createDefaultRegistry();
  const node = (path: string) => findNode(model.tree, path)!;

  beforeAll(async () => {
    file = writeWithPython('extensions.nwb', SCRIPT);
    opened = await openSample(file);
    model = await loadNwbFile(opened.source);
  });
  afterAll(() => opened?.close());

  it('opens each in its own view', () => {
    const ids = (path: string) =>
      registry.viewsFor(node(path), model).map(v => v.id);
    expect(ids('/processing/spectra/spectrum')[0]).toBe('spectrum');
    expect(ids('/acquisition/volume')[0]).toBe('volume');
  });

  it('cuts a volume plane across any axis as h5py reads it', async () => {
    const data = node('/acquisition/volume/data');
    expect(data.shape).toEqual([6, 5, 4]);
    for (const [axis, index, numpy] of [
      [2, 2, 'f["acquisition/volume/data"][:, :, 2]'],
      [0, 3, 'f["acquisition/volume/data"][3, :, :]'],
      [1, 9, 'f["acquisition/volume/data"][:, 4, :]']
    ] as const) {
      const { slice, geometry } = volumePlane(data.shape!, axis, index);
      const values = toNumbers(await opened.source.read(data.path, slice));
      const expected = h5py(file, numpy);
      expect([geometry.rows, geometry.cols]).toEqual([
        expected.length,
        expected[0].length
      ]);
      expect(Array.from(values)).toEqual(expected.flat());
    }
  });

  it('tells volumes from colour pictures', () => {
    expect(isVolumeShape([6, 5, 4])).toBe(false);
    expect(isVolumeShape([6, 5, 3])).toBe(false);
    expect(isVolumeShape([6, 5, 7])).toBe(true);
    expect(isVolumeShape([6, 5])).toBe(false);
  });

  it('draws a line per channel of power against frequency', async () => {
    const base = '/processing/spectra/spectrum';
    const power = node(`${base}/power`);
    const lines = spectrumLines(
      toNumbers(await opened.source.read(`${base}/frequencies`)),
      toNumbers(await opened.source.read(power.path)),
      power.shape!,
      64
    );
    const expected = h5py(file, `f["${base.slice(1)}/power"][:].T`);
    expect(lines.map(l => l.y)).toEqual(expected);
    expect(lines[0].x).toEqual(
      h5py(file, `f["${base.slice(1)}/frequencies"][:]`)
    );
    expect(() => spectrumLines([1, 2], [1, 2, 3], [3], 4)).toThrow(
      /3 values per channel for 2 frequencies/
    );
  });
});
