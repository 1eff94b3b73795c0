import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ivCurve } from '../../../src/viewer/icephys/ivCurve';
import { IcephysTables } from '../../../src/viewer/icephys/sweepGroups';
import { readSweeps } from '../../../src/viewer/icephys/sweepSamples';
import { sweepOverlay } from '../../../src/viewer/icephys/sweepTraces';
import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import type { H5Slice } from '../../../src/viewer/model/source';
import { openAnyFormat } from '../../python/formats/openFormat';
import { ICEPHYS, ICEPHYS_SCRIPT } from './icephysFixture';
import { openSample } from './openSample';
import { pythonJson, writeWithPython } from './pyFixture';
import { sample } from './samples';

/** What pynwb says each table row groups, and numpy's I-V numbers. */
interface IOracle {
  sequential: {
    stimulus: string;
    response: string;
    start: number;
    count: number;
  }[];
  steady: { stimulus: number; response: number }[];
  peak: { stimulus: number; response: number }[];
}

const oracle = (file: string): IOracle =>
  pythonJson<IOracle>(`
import json, numpy as np
from pynwb import NWBHDF5IO
io = NWBHDF5IO(${JSON.stringify(file)}, "r"); nwb = io.read()
seq = nwb.icephys_sequential_recordings
sim = nwb.icephys_simultaneous_recordings
ir = nwb.intracellular_recordings
rows = []
for s in seq["simultaneous_recordings"][0].index:
    for r in sim["recordings"][s].index:
        stim = ir["stimuli"]["stimulus"][r]; resp = ir["responses"]["response"][r]
        rows.append(dict(stimulus=stim.timeseries.name, response=resp.timeseries.name,
                         start=int(resp.idx_start), count=int(resp.count), stim=stim, resp=resp))
def onset_of(row):
    s = np.asarray(row["stim"].data, float)
    return np.argmax(s != s[0]) / row["stim"].timeseries.rate if np.any(s != s[0]) else None
# A sweep with a flat stimulus is measured at its group's (first) onset.
shared = next(o for o in map(onset_of, rows) if o is not None)
def measure(window, peak):
    out = []
    for row in rows:
        s = np.asarray(row["stim"].data, float) * row["stim"].timeseries.conversion
        v = np.asarray(row["resp"].data, float) * row["resp"].timeseries.conversion
        rate = row["resp"].timeseries.rate
        onset = onset_of(row)
        onset = shared if onset is None else onset
        t = np.arange(len(v)) / rate - onset
        # Window edges within 1 ns of a sample are on it (float error of i / rate - onset).
        inside = (t >= window[0] - 1e-9) & (t < window[1] - 1e-9)
        value = v[inside].mean()
        if peak:
            base = v[t < -1e-9].mean()
            value = v[inside][np.argmax(np.abs(v[inside] - base))]
        out.append(dict(stimulus=float(s[inside].mean()), response=float(value)))
    return sorted(out, key=lambda p: p["stimulus"])
print(json.dumps(dict(
    sequential=[{k: r[k] for k in ("stimulus", "response", "start", "count")} for r in rows],
    steady=measure((0.375, 0.5), False), peak=measure((0.0, 0.5), True))))
`);

describe('icephys sweeps and I-V curves', () => {
  let file = '';
  let model: INwbFileModel;
  let opened: Awaited<ReturnType<typeof openSample>>;
  const node = (path: string) => findNode(model.tree, path)!;

  beforeAll(async () => {
    file = writeWithPython('icephys.nwb', ICEPHYS_SCRIPT);
    opened = await openSample(file);
    model = await loadNwbFile(opened.source);
  });
  afterAll(() => opened?.close());

  it('reads the series reference inside compound (idx_start, count, timeseries) rows', async () => {
    const rows = (await opened.source.read(
      `${ICEPHYS}/intracellular_recordings/responses/response`
    )) as unknown[][];
    expect(rows).toHaveLength(5);
    expect(rows[2]).toEqual([0, 800, { reference: '/acquisition/response_2' }]);
    const slice = (await opened.source.read(
      `${ICEPHYS}/intracellular_recordings/stimuli/stimulus`,
      [[3, 5]]
    )) as unknown[][];
    expect(slice.map(r => r[2])).toEqual([
      { reference: '/stimulus/presentation/stimulus_3' },
      { reference: '/stimulus/presentation/stimulus_4' }
    ]);
  });

  it('resolves every icephys table row down to the sweeps pynwb finds', async () => {
    const expected = oracle(file).sequential;
    const tables = new IcephysTables(model, (p, s) => opened.source.read(p, s));
    for (const table of [
      'sequential_recordings',
      'repetitions',
      'experimental_conditions'
    ]) {
      const groups = await tables.groups(node(`${ICEPHYS}/${table}`));
      expect(groups, table).toHaveLength(1);
      expect(
        groups[0].sweeps.map(s => ({
          stimulus: s.stimulus!.path.split('/').pop(),
          response: s.response!.path.split('/').pop(),
          start: s.response!.start,
          count: s.response!.count
        })),
        table
      ).toEqual(expected);
    }
    const simultaneous = await tables.groups(
      node(`${ICEPHYS}/simultaneous_recordings`)
    );
    expect(simultaneous.map(g => g.sweeps.length)).toEqual([1, 1, 1, 1, 1]);
    expect(simultaneous[3].sweeps[0].response!.path).toBe(
      '/acquisition/response_3'
    );
  });

  it('measures the steady-state and peak I-V curve as numpy does', async () => {
    const expected = oracle(file);
    const tables = new IcephysTables(model, (p, s) => opened.source.read(p, s));
    const [group] = await tables.groups(
      node(`${ICEPHYS}/sequential_recordings`)
    );
    const sweeps = await readSweeps(
      model,
      (p, s) => opened.source.read(p, s),
      group.sweeps
    );
    const steady = ivCurve(sweeps, { start: 0.375, end: 0.5 }, 'steady');
    const peak = ivCurve(sweeps, { start: 0, end: 0.5 }, 'peak');
    for (const [ours, theirs] of [
      [steady, expected.steady],
      [peak, expected.peak]
    ] as const) {
      expect(ours.points).toHaveLength(theirs.length);
      ours.points.forEach((p, i) => {
        expect(p.stimulus).toBeCloseTo(theirs[i].stimulus, 15);
        expect(p.response).toBeCloseTo(theirs[i].response, 9);
      });
    }
    // A passive cell: the steady-state slope is its 200 MΩ input resistance.
    const ends = [steady.points[0], steady.points[4]];
    const slope =
      (ends[1].response - ends[0].response) /
      (ends[1].stimulus - ends[0].stimulus);
    expect(slope / 200e6).toBeCloseTo(1, 1);
  });

  it('overlays the sweeps with each stimulus onset at time 0', async () => {
    const tables = new IcephysTables(model, (p, s) => opened.source.read(p, s));
    const [group] = await tables.groups(
      node(`${ICEPHYS}/sequential_recordings`)
    );
    const sweeps = await readSweeps(
      model,
      (p, s) => opened.source.read(p, s),
      group.sweeps
    );
    const overlay = sweepOverlay(sweeps);
    expect(overlay.onsets).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(overlay.response).toHaveLength(5);
    expect(overlay.stimulus).toHaveLength(5);
    expect(overlay.responseUnit).toBe('volts');
    // At x = 0 the +100 pA stimulus has stepped on.
    const last = overlay.stimulus[4];
    expect(last.y[last.x.indexOf(0)]).toBeCloseTo(100e-12, 20);
    expect(last.x[0]).toBeCloseTo(-0.1, 12);
  });

  it('opens every icephys table in the sweeps view, with the I-V curve offered', () => {
    const registry = createDefaultRegistry();
    for (const table of [
      'intracellular_recordings',
      'simultaneous_recordings',
      'sequential_recordings',
      'repetitions',
      'experimental_conditions'
    ]) {
      const ids = registry
        .viewsFor(node(`${ICEPHYS}/${table}`), model)
        .map(v => v.id);
      expect(ids[0], table).toBe('sweeps');
      expect(ids, table).toEqual(expect.arrayContaining(['iv-curve', 'table']));
    }
  });

  it('reads an NWB 2.0-2.2 SweepTable row to its series', async () => {
    const old = await openSample(
      sample('nwb-explorer/test/nwb_files/pynwb_test_files/test_SweepTable.nwb')
    );
    try {
      const oldModel = await loadNwbFile(old.source);
      const table = findNode(oldModel.tree, `${ICEPHYS}/sweep_table`)!;
      const groups = await new IcephysTables(oldModel, (p, s) =>
        old.source.read(p, s)
      ).groups(table);
      expect(groups).toEqual([
        {
          label: 'all 1 rows',
          sweeps: [
            {
              label: 'sweep 4711',
              stimulus: undefined,
              response: { path: '/acquisition/pcs', start: 0, count: -1 }
            }
          ]
        }
      ]);
      const [sweep] = await readSweeps(
        oldModel,
        (p, s) => old.source.read(p, s),
        groups[0].sweeps
      );
      expect(Array.from(sweep.response!.values)).toEqual(
        pythonJson(
          `import h5py, json; print(json.dumps(h5py.File(${JSON.stringify(old.file.filename)}, "r")["acquisition/pcs/data"][:].tolist()))`
        )
      );
      expect(sweep.response!.times[1]).toBeCloseTo(1e-4, 12);
    } finally {
      old.close();
    }
  });
});

describe('icephys sweeps of Zarr and LINDI copies', () => {
  it('resolves the same sweeps from the hdmf-zarr export and the LINDI index as from the HDF5 file', async () => {
    const h5 = writeWithPython('icephys.nwb', ICEPHYS_SCRIPT);
    const zarr = writeWithPython(
      'icephys.nwb.zarr',
      `
import warnings
import numcodecs.pickles
from hdmf_zarr.nwb import NWBZarrIO
# hdmf-zarr stores compound rows with references pickled; the export reads back the store it writes.
numcodecs.pickles.ALLOW_UNSAFE_PICKLE_DECODE = True
from pynwb import NWBHDF5IO
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with NWBHDF5IO(${JSON.stringify(h5)}, "r") as src, NWBZarrIO(OUT, mode="w") as dst:
        dst.export(src_io=src, write_args=dict(link_data=False))
`
    );
    const sweepsOf = async (path: string) => {
      const { source, close } = await openAnyFormat(path);
      try {
        const model = await loadNwbFile(source);
        const read = (p: string, s?: H5Slice) => source.read(p, s);
        const table = findNode(model.tree, `${ICEPHYS}/sequential_recordings`)!;
        const [group] = await new IcephysTables(model, read).groups(table);
        const sweeps = await readSweeps(model, read, group.sweeps);
        return {
          sweeps: group.sweeps,
          curve: ivCurve(sweeps, { start: 0.375, end: 0.5 }, 'steady').points
        };
      } finally {
        close();
      }
    };
    const lindi = writeWithPython(
      'icephys.lindi.json',
      `
import lindi
f = lindi.LindiH5pyFile.from_hdf5_file(${JSON.stringify(h5)}, url="https://example.org/files/icephys.nwb")
f.write_lindi_file(OUT)
f.close()
`
    );
    const fromHdf5 = await sweepsOf(h5);
    const fromZarr = await sweepsOf(zarr);
    expect(fromZarr.sweeps).toHaveLength(5);
    expect(fromZarr).toEqual(fromHdf5);
    expect(await sweepsOf(lindi)).toEqual(fromHdf5);
  });
});
