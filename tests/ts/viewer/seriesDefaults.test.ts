import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import {
  readSeriesWindow,
  seriesLayout,
  traceMode,
  type ISeriesLayout
} from '../../../src/viewer/series/seriesData';
import { dataSpan, type TimeAxis } from '../../../src/viewer/series/timeAxis';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

/**
 * Two series as real files have them: `clock` sampled at 100 Hz from
 * 372 s whose first timestamp is an unset clock (-1.5e9 s), and `single`
 * with one sample at 5 s.
 */
const SERIES = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
nwb = NWBFile(session_description="edge cases", identifier="edges",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
stamps = 372.0 + np.arange(2000) / 100.0
stamps[0] = -1.5e9
nwb.add_acquisition(TimeSeries(name="clock", data=np.sin(np.arange(2000) / 10.0),
                               unit="V", timestamps=stamps))
nwb.add_acquisition(TimeSeries(name="single", data=np.array([4.5]), unit="V",
                               timestamps=np.array([5.0])))
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

async function opening(layout: ISeriesLayout) {
  const span = await dataSpan(layout.axis);
  return {
    span,
    t0: span.first,
    t1: span.first + Math.min(10, span.last - span.first + span.step)
  };
}

describe('opening window of a time series', () => {
  let opened: Awaited<ReturnType<typeof openSample>>;
  const layouts: Record<string, ISeriesLayout> = {};

  beforeAll(async () => {
    opened = await openSample(writeWithPython('edges.nwb', SERIES));
    const model = await loadNwbFile(opened.source);
    for (const name of ['clock', 'single']) {
      const found = await seriesLayout(
        opened.source,
        findNode(model.tree, `/acquisition/${name}`)!
      );
      if ('reason' in found) {
        throw new Error(found.reason);
      }
      layouts[name] = found.layout;
    }
  });
  afterAll(() => opened?.close());

  it('is not set by an outlying first timestamp', async () => {
    const { span, t0, t1 } = await opening(layouts.clock);
    expect(span.first).toBe(372.01);
    expect(span.skipped).toEqual([1, 0]);
    expect(t1 - t0).toBeCloseTo(10, 9);
    const window = await readSeriesWindow(opened.source, layouts.clock, {
      t0,
      t1,
      firstChannel: 0,
      channelCount: 1,
      pixels: 2000
    });
    expect(window.samples).toBe(1000);
  });

  it('draws a window holding one sample', async () => {
    const { t0, t1 } = await opening(layouts.single);
    const window = await readSeriesWindow(opened.source, layouts.single, {
      t0,
      t1,
      firstChannel: 0,
      channelCount: 1,
      pixels: 800
    });
    expect(window.samples).toBe(1);
    expect(Array.from(window.traces[0].time)).toEqual([5]);
    expect(Array.from(window.traces[0].value)).toEqual([4.5]);
    // A plotly line through one point draws nothing; it needs markers.
    expect(traceMode(window.traces[0].time.length)).toContain('markers');
  });
});

describe('dataSpan', () => {
  const stamped = (times: number[]): TimeAxis => ({
    kind: 'timestamps',
    length: times.length,
    at: async i => times[i]
  });

  it('keeps every sample of a clean series, whatever its gaps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0.001, max: 100, noNaN: true }), {
          minLength: 2,
          maxLength: 300
        }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        async (gaps, start) => {
          const times = [start];
          gaps.forEach(g => times.push(times[times.length - 1] + g));
          const span = await dataSpan(stamped(times));
          // Only a gap larger than the rest of the series can be left out.
          const [a, b] = span.skipped;
          for (let i = 0; i < a; i++) {
            expect(times[i + 1] - times[i]).toBeGreaterThan(
              times[times.length - 1] - times[i + 1]
            );
          }
          expect(span.first).toBe(times[a]);
          expect(span.last).toBe(times[times.length - 1 - b]);
        }
      ),
      { numRuns: 200, seed: 14 }
    );
  });

  it('leaves out stray edge timestamps and NaN', async () => {
    const body = Array.from({ length: 500 }, (_, i) => 100 + i * 0.5);
    expect(await dataSpan(stamped([-1.5e9, NaN, ...body, 4e9]))).toMatchObject({
      first: 100,
      last: 349.5,
      step: 0.5,
      skipped: [2, 1]
    });
    expect(await dataSpan(stamped(body))).toMatchObject({
      first: 100,
      last: 349.5,
      skipped: [0, 0]
    });
  });
});
