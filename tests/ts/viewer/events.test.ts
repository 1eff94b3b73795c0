import { describe, expect, it } from 'vitest';

import {
  eventRows,
  MAX_LABEL_ROWS
} from '../../../src/viewer/events/eventRows';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import {
  eventLabelNames,
  isEventSeries
} from '../../../src/viewer/views/eventsView';
import { openSample } from './openSample';
import { pythonJson, writeWithPython } from './pyFixture';
import { sample } from './samples';

const ANNOTATIONS = sample('aqnwb/build2/data/createAnnotationSeries.nwb');

describe('event rows', () => {
  it('give each of a few labels its own row, in order of first appearance', () => {
    const rows = eventRows([1, 2, 3, 4], ['go', 'stop', 'go', 'reward'], 'x');
    expect(rows.rows).toEqual(['go', 'stop', 'reward']);
    expect(rows.row).toEqual([0, 1, 0, 2]);
    expect(rows.time).toEqual([1, 2, 3, 4]);
  });

  it('put many distinct values on one row, each kept as hover text', () => {
    const values = Array.from(
      { length: MAX_LABEL_ROWS + 1 },
      (_, i) => i * 0.5
    );
    const rows = eventRows(values, values, 'reward');
    expect(rows.rows).toEqual(['reward']);
    expect(new Set(rows.row)).toEqual(new Set([0]));
    expect(rows.text[3]).toBe('1.5');
  });
});

describe('event series in real files', () => {
  it("draw an AnnotationSeries' labels at the times h5py reads", async () => {
    const expected = pythonJson<{ t: number[]; d: string[] }>(`
import h5py, json
g = h5py.File(${JSON.stringify(ANNOTATIONS)}, "r")["/acquisition/annotations1"]
print(json.dumps({"t": g["timestamps"][:].tolist(), "d": [s.decode() for s in g["data"][:]]}))`);
    const { source, close } = await openSample(ANNOTATIONS);
    try {
      const model = await loadNwbFile(source);
      const node = findNode(model.tree, '/acquisition/annotations1')!;
      expect(isEventSeries(node, model)).toBe(true);
      expect(createDefaultRegistry().viewsFor(node, model)[0].id).toBe(
        'events'
      );
      const rows = eventRows(
        (await source.read(`${node.path}/timestamps`)) as Float64Array,
        (await source.read(`${node.path}/data`)) as string[],
        node.name
      );
      expect(rows.time).toEqual(expected.t);
      expect(rows.text).toEqual(expected.d);
      expect(rows.rows).toEqual([...new Set(expected.d)]);
    } finally {
      close();
    }
  });

  it('treat the series of a BehavioralEvents container as events, other numeric series as lines', async () => {
    const file = writeWithPython(
      'events.nwb',
      `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
from pynwb.behavior import BehavioralEvents
nwb = NWBFile("ev", "ev", datetime(2024, 1, 1, tzinfo=timezone.utc))
module = nwb.create_processing_module("behavior", "behaviour")
events = BehavioralEvents(name="BehavioralEvents")
events.add_timeseries(TimeSeries(name="reward", data=np.array([2.0, 2.0, 3.0]), timestamps=np.array([10.0, 12.5, 30.0]), unit="uL"))
module.add(events)
nwb.add_acquisition(TimeSeries(name="trace", data=np.arange(10.0), rate=1.0, unit="V"))
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`
    );
    const { source, close } = await openSample(file);
    try {
      const model = await loadNwbFile(source);
      const reward = findNode(
        model.tree,
        '/processing/behavior/BehavioralEvents/reward'
      )!;
      const trace = findNode(model.tree, '/acquisition/trace')!;
      expect(isEventSeries(reward, model)).toBe(true);
      expect(isEventSeries(trace, model)).toBe(false);
      const registry = createDefaultRegistry();
      expect(registry.viewsFor(reward, model)[0].id).toBe('events');
      expect(registry.viewsFor(trace, model)[0].id).toBe('timeseries');
    } finally {
      close();
    }
  });
});

describe("ndx-events in the converter's own files (#13 sync, licks)", () => {
  it('draw the NIDQ sync lines as labelled events and licks as ticks, as h5py reads them', async () => {
    const { capture } = await import('../cli/capture');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const out = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ndx-events-')),
      'session.nwb'
    );
    const cache = path.resolve(__dirname, '../../../demo/one-cache');
    const { code, err } = await capture([
      'convert',
      '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1',
      '--cache',
      cache,
      '-o',
      out,
      '--raw',
      '--modalities',
      'licks'
    ]);
    expect(code, err).toBe(0);
    const expected = pythonJson<{
      t: number[];
      d: number[];
      labels: string[];
      licks: number;
    }>(`
import h5py, json
f = h5py.File(${JSON.stringify(out)}, "r")
g = f["/acquisition/EventsImecSync"]
labels = [l.decode() if isinstance(l, bytes) else str(l) for l in g["data"].attrs["labels"]]
print(json.dumps({"t": g["timestamps"][:].tolist(), "d": g["data"][:].tolist(), "labels": labels,
                  "licks": len(f["/processing/lick_times/EventsLickTimes/timestamps"])}))`);
    const { source, close } = await openSample(out);
    try {
      const model = await loadNwbFile(source);
      const registry = createDefaultRegistry();
      const sync = findNode(model.tree, '/acquisition/EventsImecSync')!;
      expect(registry.viewsFor(sync, model)[0].id).toBe('events');
      const names = eventLabelNames(
        sync,
        sync.children.find(c => c.name === 'data')
      )!;
      expect(names).toEqual(expected.labels);
      const stored = (await source.read(
        `${sync.path}/data`
      )) as ArrayLike<number>;
      const rows = eventRows(
        (await source.read(`${sync.path}/timestamps`)) as Float64Array,
        Array.from(stored, v => names[Number(v)]),
        sync.name
      );
      expect(rows.time).toEqual(expected.t);
      expect(rows.text).toEqual(expected.d.map(i => expected.labels[i]));
      const licks = findNode(
        model.tree,
        '/processing/lick_times/EventsLickTimes'
      )!;
      expect(registry.viewsFor(licks, model)[0].id).toBe('events');
      expect(eventLabelNames(licks, undefined)).toBeUndefined();
      expect(expected.licks).toBeGreaterThan(0);
    } finally {
      close();
    }
  });
});
