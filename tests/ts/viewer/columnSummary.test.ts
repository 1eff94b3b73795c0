import { describe, expect, it } from 'vitest';

import {
  summariseColumn,
  TOP_VALUES
} from '../../../src/viewer/tables/columnSummary';
import { openSample } from './openSample';
import { pythonJson } from './pyFixture';
import { sample } from './samples';

const UNITS = sample(
  'neuroconv/ephy_testing_data/nwb/ecephys_tutorial_v2.5.0.nwb'
);
const ELECTRODES = sample('matnwb/ecephys_tutorial.nwb');

describe('column summary', () => {
  it('counts text values, most frequent first, the rest as others', () => {
    const values = Array.from(
      { length: 30 },
      (_, i) => `v${i % (TOP_VALUES + 2)}`
    );
    const summary = summariseColumn(values);
    expect(summary.kind).toBe('counts');
    if (summary.kind === 'counts') {
      expect(summary.values[0]).toEqual(['v0', 3]);
      expect(summary.values).toHaveLength(TOP_VALUES);
      expect(summary.others).toBe(
        30 - summary.values.reduce((s, [, n]) => s + n, 0)
      );
    }
  });

  it('puts every finite number in one bin, the maximum included, and counts NaN apart', () => {
    const values = [...Array.from({ length: 100 }, (_, i) => i), NaN];
    const summary = summariseColumn(values);
    expect(summary.kind).toBe('histogram');
    if (summary.kind === 'histogram') {
      expect(summary.counts.reduce((a, b) => a + b, 0)).toBe(100);
      expect(summary.missing).toBe(1);
      expect(summary.edges[0]).toBe(0);
      expect(summary.edges[summary.edges.length - 1]).toBeCloseTo(99);
    }
  });

  it('histograms a real numeric column as numpy does with the same edges', async () => {
    const path = '/general/extracellular_ephys/electrodes/y';
    const { source, close } = await openSample(ELECTRODES);
    try {
      const values = (await source.read(path)) as Float64Array;
      const summary = summariseColumn(values);
      if (summary.kind !== 'histogram') {
        // Few distinct depths: counted like categories, as pandas value_counts.
        const expected = pythonJson<[string, number][]>(`
import h5py, json, collections
v = h5py.File(${JSON.stringify(ELECTRODES)}, "r")["${path}"][:]
c = collections.Counter(str(float(x)) for x in v)
print(json.dumps(sorted(c.items(), key=lambda kv: -kv[1])))`);
        expect(
          summary.values.map(([v, n]) => [String(Number(v)), n]).sort()
        ).toEqual(
          expected
            .map(([v, n]) => [String(Number(v)), n])
            .slice(0, TOP_VALUES)
            .sort()
        );
        return;
      }
      const expected = pythonJson<number[]>(`
import h5py, json, numpy as np
v = h5py.File(${JSON.stringify(ELECTRODES)}, "r")["${path}"][:]
print(json.dumps(np.histogram(v, bins=${JSON.stringify(summary.edges)})[0].tolist()))`);
      expect(summary.counts).toEqual(expected);
    } finally {
      close();
    }
  });

  it('counts the location categories of a real electrodes table as pandas value_counts', async () => {
    const path = '/general/extracellular_ephys/electrodes/location';
    const expected = pythonJson<Record<string, number>>(`
import h5py, json, pandas as pd
v = h5py.File(${JSON.stringify(UNITS)}, "r")["${path}"].asstr()[:]
print(json.dumps(pd.Series(v).value_counts().to_dict()))`);
    const { source, close } = await openSample(UNITS);
    try {
      const summary = summariseColumn((await source.read(path)) as string[]);
      expect(summary.kind).toBe('counts');
      if (summary.kind === 'counts') {
        expect(Object.fromEntries(summary.values)).toEqual(expected);
      }
    } finally {
      close();
    }
  });
});
