import { describe, expect, it } from 'vitest';

import { alignedFigure } from '../../../src/viewer/aligned/alignedFigure';
import { alignSamples } from '../../../src/viewer/aligned/alignedSamples';
import { gapSamples, planReads } from '../../../src/viewer/aligned/readPlan';
import {
  alignGrid,
  groupMeans,
  interpolateAt,
  MAX_GRID_POINTS,
  nanMeanSem
} from '../../../src/viewer/aligned/resample';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import type { H5Slice } from '../../../src/viewer/model/source';
import { findNode } from '../../../src/viewer/model/tree';
import {
  defaultAlignEvent,
  intervalTables,
  readTrials
} from '../../../src/viewer/spikes/trialsData';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import type { ISeriesLayout } from '../../../src/viewer/series/seriesData';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

describe('alignGrid', () => {
  it('spans from..to every sampling period, both ends included', () => {
    const grid = alignGrid(-0.5, 1, 0.001);
    expect(grid.length).toBe(1501);
    expect(grid[0]).toBe(-0.5);
    expect(grid[1500]).toBeCloseTo(1, 12);
  });
  it('widens the step beyond MAX_GRID_POINTS', () => {
    const grid = alignGrid(0, 100, 1e-5);
    expect(grid.length).toBeLessThanOrEqual(MAX_GRID_POINTS);
    expect(grid[grid.length - 1]).toBeCloseTo(100, 6);
  });
});

describe('interpolateAt', () => {
  it('interpolates linearly and never extrapolates', () => {
    const out = interpolateAt(
      [0, 1, 3],
      [0, 10, 30],
      [-0.5, 0, 0.5, 2, 3, 3.5]
    );
    expect(Array.from(out)).toEqual([NaN, 0, 5, 20, 30, NaN]);
  });
  it('is NaN next to a NaN sample', () => {
    const out = interpolateAt([0, 1, 2], [0, NaN, 2], [0.5, 1.5]);
    expect(Array.from(out)).toEqual([NaN, NaN]);
  });
});

describe('nanMeanSem', () => {
  it('leaves NaN points out of the mean, SEM and count', () => {
    const r = nanMeanSem(
      [
        [1, NaN, 2],
        [3, NaN, NaN],
        [5, 7, NaN]
      ],
      3
    );
    expect(Array.from(r.mean)).toEqual([3, 7, 2]);
    expect(Array.from(r.counts)).toEqual([3, 1, 1]);
    // sample sd of 1,3,5 is 2: SEM 2/√3; one value: SEM 0
    expect(r.sem[0]).toBeCloseTo(2 / Math.sqrt(3), 12);
    expect(r.sem[1]).toBe(0);
    expect(r.n).toBe(3);
  });
  it('gives NaN where no trial has a value', () => {
    const r = nanMeanSem([[NaN], [NaN]], 1);
    expect(r.mean[0]).toBeNaN();
    expect(r.counts[0]).toBe(0);
  });
});

describe('planReads', () => {
  it('merges close windows and keeps sparse ones apart', () => {
    const blocks = planReads(
      [[100, 200], null, [210, 300], [10_000, 10_100]],
      50
    );
    expect(blocks).toEqual([
      { start: 100, end: 300, trials: [0, 2] },
      { start: 10_000, end: 10_100, trials: [3] }
    ]);
  });
  it('orders windows of unsorted trials', () => {
    const blocks = planReads(
      [
        [500, 600],
        [0, 100]
      ],
      1
    );
    expect(blocks.map(b => b.trials)).toEqual([[1], [0]]);
  });
  it('bounds the merge gap by bytes', () => {
    expect(gapSamples(8)).toBe(8192);
    expect(gapSamples(0)).toBe(65536);
  });
});

/** A regularly sampled series held in memory, counting the samples read. */
function memorySeries(
  values: Float64Array,
  rate: number,
  start = 0
): {
  layout: ISeriesLayout;
  read: (path: string, slice?: H5Slice) => Promise<unknown>;
  slices: H5Slice[];
} {
  const slices: H5Slice[] = [];
  return {
    layout: {
      dataPath: '/s/data',
      shape: [values.length],
      unit: 'rad/s',
      conversion: 2,
      offset: 1,
      axis: { kind: 'rate', start, rate, length: values.length }
    },
    slices,
    read: async (_path, slice) => {
      slices.push(slice!);
      const [[a, b]] = slice!;
      return values.slice(a ?? 0, b ?? values.length);
    }
  };
}

describe('alignSamples', () => {
  it('reads only the sparse windows, scaled, interpolated', async () => {
    // One hour at 1 kHz; three trials far apart.
    const n = 3_600_000;
    const values = Float64Array.from({ length: n }, (_, i) => i / 1000);
    const { layout, read, slices } = memorySeries(values, 1000);
    const events = Float64Array.of(100.0005, NaN, 2000, 3000);
    const grid = alignGrid(-0.5, 1, 0.001);
    const result = await alignSamples(layout, 0, events, grid, read, 8);
    expect(result.nanEvents).toBe(1);
    expect(result.rows[1]).toBeNull();
    expect(result.reads).toBe(3);
    expect(slices).toHaveLength(3);
    expect(result.samples).toBeLessThan(3 * 1503);
    expect(result.bytes).toBe(8 * result.samples);
    // value(t) = t, scaled: 2t + 1, interpolated between samples.
    const row = result.rows[0]!;
    expect(row[0]).toBeCloseTo(2 * (100.0005 - 0.5) + 1, 9);
    expect(row[500]).toBeCloseTo(2 * 100.0005 + 1, 9);
  });
  it('is NaN before the series starts, not extrapolated', async () => {
    const values = Float64Array.from({ length: 1000 }, () => 3);
    const { layout, read } = memorySeries(values, 100, 10);
    const grid = alignGrid(-1, 1, 0.01);
    const { rows } = await alignSamples(
      layout,
      0,
      Float64Array.of(10.2),
      grid,
      read,
      8
    );
    const row = rows[0]!;
    expect(row[0]).toBeNaN(); // 9.2 s < start 10 s
    expect(row[grid.length - 1]).toBe(7);
  });
  it('reads one column of a 2-D series', async () => {
    const slices: H5Slice[] = [];
    const layout: ISeriesLayout = {
      dataPath: '/roi/data',
      shape: [100, 5],
      unit: '',
      conversion: 1,
      offset: 0,
      axis: { kind: 'rate', start: 0, rate: 10, length: 100 }
    };
    const read = async (_p: string, slice?: H5Slice) => {
      slices.push(slice!);
      const [[a, b]] = slice!;
      return Float64Array.from({ length: b! - a! }, (_, i) => a! + i);
    };
    const { rows } = await alignSamples(
      layout,
      3,
      Float64Array.of(5),
      alignGrid(0, 1, 0.1),
      read,
      8
    );
    expect(slices[0][1]).toEqual([3, 4]);
    expect(rows[0]![0]).toBeCloseTo(50, 9);
  });
});

describe('alignedFigure', () => {
  it('draws the trials of each group (null between trials) and its mean ± SEM', () => {
    const grid = Float64Array.of(0, 1);
    const rows = [
      Float64Array.of(1, 2),
      null,
      Float64Array.of(3, NaN),
      Float64Array.of(5, 6)
    ];
    const groups = groupMeans(
      rows,
      [
        { label: 'a', trials: [0, 3] },
        { label: 'b', trials: [2] }
      ],
      2
    );
    const { data, layout } = alignedFigure(
      { grid, rows, groups, valueTitle: 'v (rad/s)', event: 'stim' },
      ['red', 'blue'],
      { xaxis: {} }
    );
    const trials = data[0] as {
      x: unknown[];
      y: unknown[];
      line: { color: string };
    };
    expect(trials.y).toEqual([1, 2, null, 5, 6, null]);
    expect(trials.x).toEqual([0, 1, null, 0, 1, null]);
    expect(trials.line.color).toBe('red');
    expect((data[1] as { y: unknown[] }).y).toEqual([3, null, null]);
    // 2 trial traces, then band + mean per group.
    expect(data).toHaveLength(2 + 2 * 2);
    expect((data[3] as { y: number[] }).y).toEqual([3, 4]);
    expect((layout.xaxis as { title: { text: string } }).title.text).toBe(
      'time from stim (s)'
    );
  });
});

describe('the aligned view on a pynwb file (trials with ALF-style *_times columns)', () => {
  it('offers ALF `*_times` columns as events, ROI series but not frames', async () => {
    const path = writeWithPython(
      'aligned.nwb',
      `
from datetime import datetime, timezone
import numpy as np
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
from pynwb.image import ImageSeries
nwb = NWBFile('a', 'a', datetime(2024, 1, 1, tzinfo=timezone.utc))
nwb.add_trial_column('stimOn_times', 'stimulus onset (ALF name)')
nwb.add_trial_column('contrast', 'contrast')
for i in range(4):
    nwb.add_trial(start_time=float(i), stop_time=i + 0.9, stimOn_times=i + 0.2, contrast=[0.25, 1.0][i % 2])
nwb.add_acquisition(TimeSeries(name='pupil', data=np.arange(100.0), rate=20.0, unit='px'))
nwb.add_acquisition(ImageSeries(name='frames', data=np.zeros((5, 4, 4)), rate=20.0, unit='n.a.'))
with NWBHDF5IO(OUT, 'w') as io:
    io.write(nwb)
`
    );
    const { source, close } = await openSample(path);
    try {
      const model = await loadNwbFile(source);
      const registry = createDefaultRegistry();
      const ids = (p: string) =>
        registry.viewsFor(findNode(model.tree, p)!, model).map(v => v.id);
      expect(ids('/acquisition/pupil')).toContain('aligned');
      expect(ids('/acquisition/frames')).not.toContain('aligned');
      const trials = await readTrials(
        (p, s) => source.read(p, s),
        intervalTables(model)[0]
      );
      if ('reason' in trials) {
        throw new Error(trials.reason);
      }
      const events = [...trials.times.keys()];
      expect(events).toContain('stimOn_times');
      expect(defaultAlignEvent(events)).toBe('stimOn_times');
    } finally {
      close();
    }
  });
});
