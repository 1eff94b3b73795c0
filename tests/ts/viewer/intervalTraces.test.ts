import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  intervalGaps,
  intervalTraces,
  isCategorical,
  MAX_CATEGORIES
} from '../../../src/viewer/views/intervalTraces';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

describe('intervalTraces', () => {
  it('draws every row once, at its own height, in the trace of its category', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1e4, noNaN: true }),
            fc.double({ min: 0, max: 10, noNaN: true }),
            fc.constantFrom('left', 'right', 'none')
          ),
          {
            maxLength: 100
          }
        ),
        fc.boolean(),
        (rows, grouped) => {
          const starts = rows.map(r => r[0]);
          const stops = rows.map(r => r[0] + r[1]);
          const labels = rows.map(r => r[2]);
          const traces = intervalTraces(
            starts,
            stops,
            grouped ? labels : undefined
          );
          const seen: number[] = [];
          for (const trace of traces) {
            expect(trace.x.length).toBe(trace.y.length);
            for (let k = 0; k < trace.x.length; k += 3) {
              const row = trace.y[k];
              seen.push(row);
              expect([trace.x[k], trace.x[k + 1]]).toEqual([
                starts[row],
                stops[row]
              ]);
              expect(trace.y[k + 1]).toBe(row);
              expect(
                Number.isNaN(trace.x[k + 2]) && Number.isNaN(trace.y[k + 2])
              ).toBe(true);
              expect(trace.name).toBe(grouped ? labels[row] : 'intervals');
            }
          }
          expect(seen.sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
          expect(traces.length).toBe(
            grouped ? new Set(labels).size : rows.length ? 1 : 0
          );
        }
      ),
      { numRuns: 200, seed: 9 }
    );
  });

  it('colours only by columns with few distinct values', () => {
    expect(isCategorical(['a', 'b', 'a'])).toBe(true);
    expect(
      isCategorical(
        Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => String(i))
      )
    ).toBe(false);
    expect(isCategorical([])).toBe(false);
  });
});

/** Trials as some real files have them: stop_time never filled in (NaN). */
const OPEN_TRIALS = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile(session_description="open trials", identifier="open",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
for start, stop in [(1.0, np.nan), (2.0, np.nan), (3.0, 3.5), (np.nan, np.nan)]:
    nwb.add_trial(start_time=start, stop_time=stop)
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

describe('trials whose stop_time is NaN', () => {
  it('draws the starts it can and says why the rest is not drawn', async () => {
    const { source, close } = await openSample(
      writeWithPython('open_trials.nwb', OPEN_TRIALS)
    );
    try {
      const starts = (await source.read(
        '/intervals/trials/start_time'
      )) as Float64Array;
      const stops = (await source.read(
        '/intervals/trials/stop_time'
      )) as Float64Array;
      const traces = intervalTraces(starts, stops);
      const lines = traces.filter(t => t.kind === 'line');
      const ticks = traces.filter(t => t.kind === 'start');
      // The one complete row is a segment, the two open ones ticks at start.
      expect(lines.map(t => Array.from(t.x))).toEqual([[3, 3.5, NaN]]);
      expect(ticks.map(t => [Array.from(t.x), Array.from(t.y)])).toEqual([
        [
          [1, 2],
          [0, 1]
        ]
      ]);
      const gaps = intervalGaps(starts, stops);
      expect(gaps).toContain('2 of 4 rows have no stop_time (NaN)');
      expect(gaps).toContain('1 of 4 rows have no start_time (NaN)');
      expect(intervalGaps([1, 2], [1.5, 2.5])).toBe('');
    } finally {
      close();
    }
  });
});
