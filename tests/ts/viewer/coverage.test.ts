import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import { cannotDisplayReason } from '../../../src/viewer/views/fallbackView';
import { extensionLines } from './extensionFixture';
import { ICEPHYS_LINES } from './icephysFixture';
import { openAnyFormat } from '../../python/formats/openFormat';
import { writeWithPython } from './pyFixture';
import { sample } from './samples';

/** The vendored extension specs (tests/python/viewer/ndx). */
const NDX = fileURLToPath(new URL('../../python/viewer/ndx', import.meta.url));

/**
 * Issue #14's coverage test: every row of the nwbwidgets table in
 * src/viewer/README.md opens its test object to the view the table names.
 */
interface IRow {
  type: string;
  views: string[];
  object: string;
  status: string;
}

function coverageTable(): IRow[] {
  const readme = readFileSync(
    new URL('../../../src/viewer/README.md', import.meta.url),
    'utf8'
  );
  const section = readme.slice(readme.indexOf('## Coverage of nwbwidgets'));
  return section
    .split('\n')
    .filter(line => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map(line => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map(c => c.trim());
      return {
        type: cells[0],
        views: cells[2] === '—' ? [] : cells[2].split(',').map(v => v.trim()),
        object: cells[3],
        status: cells[4]
      };
    });
}

const ROWS = coverageTable();

/**
 * The keys of nwbwidgets' `default_neurodata_vis_spec` (view.py at commit
 * 0232ef4, 0.11.3), by class name, in their order there.
 */
const NWBWIDGETS_KEYS = [
  'NWBFile',
  'SweepSequences',
  'BehavioralEvents',
  'Units',
  'DecompositionSeries',
  'Subject',
  'SpikeEventSeries',
  'ImageSegmentation',
  'TwoPhotonSeries',
  'GrayscaleVolume',
  'PlaneSegmentation',
  'DfOverF',
  'RoiResponseSeries',
  'AnnotationSeries',
  'LabelledDict',
  'ProcessingModule',
  'DynamicTable',
  'ElectricalSeries',
  'SpatialSeries',
  'GrayscaleImage',
  'RGBImage',
  'RGBAImage',
  'Image',
  'ImageSeries',
  'IndexSeries',
  'TimeSeries',
  'MultiContainerInterface',
  'NWBContainer',
  'NWBDataInterface',
  'h5py.Dataset',
  'zarr.core.Array',
  'Spectrum'
];

/** Objects nwbwidgets maps that no shared sample holds, written with pynwb. */
const PYNWB_SCRIPT = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
from pynwb.base import Images, Image, ImageReferences
from pynwb.behavior import BehavioralEvents, Position, SpatialSeries
from pynwb.image import RGBImage, RGBAImage, GrayscaleImage, IndexSeries
from pynwb.ophys import DfOverF, RoiResponseSeries, ImageSegmentation, OpticalChannel
nwb = NWBFile("coverage", "coverage", datetime(2024, 1, 1, tzinfo=timezone.utc))
behavior = nwb.create_processing_module("behavior", "behaviour")
events = BehavioralEvents(name="BehavioralEvents")
events.add_timeseries(TimeSeries(name="reward", data=np.array([2.0, 3.0]), timestamps=np.array([1.0, 2.0]), unit="uL"))
behavior.add(events)
position = Position(name="Position")
position.add_spatial_series(SpatialSeries(name="position", data=np.random.default_rng(1).random((100, 2)), rate=10.0, reference_frame="arena corner", unit="m"))
behavior.add(position)
device = nwb.create_device("scope")
plane = nwb.create_imaging_plane(name="plane", optical_channel=OpticalChannel(name="ch", description="green", emission_lambda=510.0), description="plane", device=device, excitation_lambda=910.0, imaging_rate=30.0, indicator="GCaMP6s", location="V1")
segmentation = ImageSegmentation(name="ImageSegmentation")
rois = segmentation.create_plane_segmentation(name="PlaneSegmentation", description="rois", imaging_plane=plane)
for i in range(3):
    mask = np.zeros((8, 8)); mask[i, i] = 1.0
    rois.add_roi(image_mask=mask)
ophys = nwb.create_processing_module("ophys", "ophys")
ophys.add(segmentation)
region = rois.create_roi_table_region(region=[0, 1, 2], description="all")
ophys.add(DfOverF(name="DfOverF", roi_response_series=RoiResponseSeries(name="dff", data=np.random.default_rng(2).random((50, 3)), rois=region, rate=30.0, unit="n.a.")))
rgb = RGBImage(name="rgb", data=np.random.default_rng(3).integers(0, 255, (8, 8, 3)).astype("uint8"))
rgba = RGBAImage(name="rgba", data=np.random.default_rng(4).integers(0, 255, (8, 8, 4)).astype("uint8"))
plain = Image(name="plain", data=np.random.default_rng(5).random((8, 8)))
gray = GrayscaleImage(name="gray", data=np.random.default_rng(6).random((8, 8)))
pictures = Images(name="pictures", images=[rgb, rgba, plain, gray], order_of_images=ImageReferences(name="order_of_images", data=[rgb, rgba, plain, gray]))
nwb.add_acquisition(pictures)
nwb.add_acquisition(IndexSeries(name="index_series", data=np.array([0, 1, 2, 1], dtype="uint32"), indexed_images=pictures, unit="N/A", rate=1.0))
# Trials, so series can be aligned to them (the trial-aligned view of RoiResponseSeries) and units
# gridded by them (raster grid, tuning curves).
nwb.add_trial_column("contrast", "stimulus contrast")
nwb.add_trial_column("choice", "the side chosen")
for i in range(8):
    nwb.add_trial(start_time=2.0 * i, stop_time=2.0 * i + 1.0, contrast=[0.0, 0.5][i % 2], choice=["left", "right"][i // 4])
for u in range(3):
    nwb.add_unit(spike_times=np.sort(np.random.default_rng(7 + u).random(40) * 16.0))
${ICEPHYS_LINES}
${extensionLines(NDX)}
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

/**
 * A shared sample exported to Zarr with hdmf-zarr's documented HDF5 -> Zarr
 * conversion (as tests/python/formats does), for the `zarr:<sample>` rows.
 */
const zarrCopy = (name: string): string =>
  writeWithPython(
    'zarr',
    `
import os, warnings
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import NWBHDF5IO
os.makedirs(OUT)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with NWBHDF5IO(${JSON.stringify(sample(name))}, "r") as src, NWBZarrIO(os.path.join(OUT, "sample.nwb.zarr"), mode="w") as dst:
        dst.export(src_io=src, write_args=dict(link_data=False))
`
  ) + '/sample.nwb.zarr';

describe("coverage of nwbwidgets' type map (src/viewer/README.md)", () => {
  const registry = createDefaultRegistry();
  const models = new Map<string, INwbFileModel>();
  let pynwbFile = '';

  beforeAll(() => {
    pynwbFile = writeWithPython('coverage.nwb', PYNWB_SCRIPT);
  });
  afterAll(() => models.clear());

  const fileOf = (file: string): string =>
    file === 'pynwb'
      ? pynwbFile
      : file.startsWith('zarr:')
        ? zarrCopy(file.slice('zarr:'.length))
        : sample(file);
  const model = async (file: string) => {
    if (!models.has(file)) {
      const { source, close } = await openAnyFormat(file);
      try {
        models.set(file, await loadNwbFile(source));
      } finally {
        close();
      }
    }
    return models.get(file)!;
  };

  it('lists every entry of the map, each with a status', () => {
    expect(ROWS.map(r => r.type)).toEqual(NWBWIDGETS_KEYS);
    for (const row of ROWS) {
      expect(row.status, row.type).toMatch(/^(yes|partial: .+|missing: .+)/);
      // A row with views has an object to test them on; a missing one has none.
      expect(row.views.length > 0, row.type).toBe(row.object !== '—');
    }
  });

  for (const row of ROWS.filter(r => r.views.length > 0)) {
    it(`${row.type} opens ${row.object} in "${row.views.join(', ')}"`, async () => {
      const [file, path] = row.object.split('::');
      const m = await model(fileOf(file));
      const node = findNode(m.tree, path);
      expect(node, `${path} in ${file}`).toBeDefined();
      const ids = registry.viewsFor(node!, m).map(v => v.id);
      const [first, ...others] = row.views;
      if (first === 'tree') {
        // An untyped group: the fallback lists its members by name.
        expect(ids[0]).toBe('fallback');
        expect(cannotDisplayReason(node!, m)).toMatch(/plain HDF5 group/);
      } else if (first === 'inspect') {
        expect(node!.kind).toBe('dataset');
        expect(ids).toContain('inspect');
      } else {
        expect(ids[0]).toBe(first);
        expect(ids).toEqual(expect.arrayContaining(others));
      }
      expect(ids).not.toHaveLength(0);
    });
  }
});
