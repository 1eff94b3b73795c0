import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import { cannotDisplayReason } from '../../../src/viewer/views/fallbackView';
import {
  readSeriesWindow,
  seriesLayout
} from '../../../src/viewer/series/seriesData';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

/**
 * An NWB 1.0.5 file laid out as the NWB 1.0.x specification (and
 * api-python, its writer) has it: root datasets including nwb_version, an
 * ElectricalSeries typed by `ancestry` under /acquisition/timeseries, a
 * processing Module with an LFP Interface, and an Epoch.
 */
const NWB1 = `
import h5py, numpy as np
S = h5py.special_dtype(vlen=bytes)
with h5py.File(OUT, "w") as f:
    f["nwb_version"] = b"NWB-1.0.5"
    f["identifier"] = b"legacy-session"
    f["session_description"] = b"an NWB 1.x recording"
    f["session_start_time"] = b"Thu Jan 12 10:00:00 2017"
    f["file_create_date"] = np.array([b"2017-01-12T10:00:00"], dtype=S)
    for g in ["acquisition/timeseries", "acquisition/images", "analysis",
              "epochs", "general", "processing", "stimulus/presentation",
              "stimulus/templates"]:
        f.require_group(g)
    ts = f.create_group("acquisition/timeseries/wideband")
    ts.attrs["ancestry"] = np.array([b"TimeSeries", b"ElectricalSeries"], dtype=S)
    ts.attrs["neurodata_type"] = b"TimeSeries"
    ts.attrs["source"] = b"amplifier"
    ts.attrs["help"] = b"Stores acquired voltage data from extracellular recordings"
    data = ts.create_dataset("data", data=np.arange(300, dtype="i2").reshape(100, 3))
    data.attrs["unit"] = b"volt"
    data.attrs["conversion"] = 0.5
    data.attrs["resolution"] = 0.001
    stamps = ts.create_dataset("timestamps", data=20.0 + np.arange(100) / 10.0)
    stamps.attrs["interval"] = 1
    stamps.attrs["unit"] = b"Seconds"
    ts["num_samples"] = 100
    module = f.create_group("processing/ecephys")
    module.attrs["neurodata_type"] = b"Module"
    lfp = module.create_group("LFP")
    lfp.attrs["neurodata_type"] = b"Interface"
    lfp.attrs["source"] = b"wideband"
    epoch = f.create_group("epochs/trial_1")
    epoch.attrs["neurodata_type"] = b"Epoch"
    epoch["start_time"] = 20.0
    epoch["stop_time"] = 25.0
`;

describe('an NWB 1.x file', () => {
  let opened: Awaited<ReturnType<typeof openSample>>;
  let model: INwbFileModel;
  const registry = createDefaultRegistry();
  const views = (path: string) =>
    registry.viewsFor(findNode(model.tree, path)!, model).map(v => v.id);

  beforeAll(async () => {
    opened = await openSample(writeWithPython('nwb1.nwb', NWB1));
    model = await loadNwbFile(opened.source);
  });
  afterAll(() => opened?.close());

  it('is recognised as NWB 1.x, and the overview says so', () => {
    expect(model.nwb1).toBe('NWB-1.0.5');
    expect(model.overview.nwbVersion).toBe('NWB-1.0.5');
    expect(model.overview.identifier).toBe('legacy-session');
    // The root opens on the overview, not "a plain HDF5 group".
    expect(views('/')[0]).toBe('overview');
  });

  it('plots its time series, typed by their ancestry', async () => {
    const series = findNode(model.tree, '/acquisition/timeseries/wideband')!;
    expect(series.neurodataType).toBe('ElectricalSeries');
    expect(series.ancestry).toEqual(['ElectricalSeries', 'TimeSeries']);
    expect(views(series.path)[0]).toBe('timeseries');
    const found = await seriesLayout(opened.source, series);
    if ('reason' in found) {
      throw new Error(found.reason);
    }
    const window = await readSeriesWindow(opened.source, found.layout, {
      t0: 20,
      t1: 20.5,
      firstChannel: 0,
      channelCount: 3,
      pixels: 1000
    });
    expect(window.samples).toBe(5);
    // data * conversion, channel 1: rows 0..4 hold 1, 4, 7, 10, 13.
    expect(Array.from(window.traces[1].value)).toEqual([0.5, 2, 3.5, 5, 6.5]);
  });

  it('says what it cannot show and why', () => {
    const module = findNode(model.tree, '/processing/ecephys')!;
    expect(views(module.path)[0]).toBe('fallback');
    const reason = cannotDisplayReason(module, model);
    expect(reason).toContain('NWB 1.x Module');
    expect(reason).toContain('HDF5 contents only');
    const epochs = findNode(model.tree, '/epochs')!;
    expect(cannotDisplayReason(epochs, model)).toContain(
      'part of an NWB 1.x file (NWB-1.0.5)'
    );
  });
});
