import { describe, expect, it } from 'vitest';

import {
  axisName,
  rasterGridFigure,
  slotDomain
} from '../../../src/viewer/grid/rasterGridFigure';
import { tuningFigure } from '../../../src/viewer/grid/tuningFigure';
import {
  preferredColumn,
  preferredEvent
} from '../../../src/viewer/grid/gridInputs';
import { alignSpikes } from '../../../src/viewer/spikes/align';
import { keptUnits, unitPage } from '../../../src/viewer/spikes/keptUnits';
import {
  cellSpikeCounts,
  trialGrid
} from '../../../src/viewer/spikes/trialGrid';
import { numericLabels, tuningCurve } from '../../../src/viewer/spikes/tuning';

const THEME = { xaxis: { linecolor: '#888' } };
const all = () => true;

describe('trialGrid', () => {
  // Six trials: contrast (rows) × choice (columns); trial 5 has no event.
  const contrast = ['1', '0.25', '1', '0.25', 'NaN', '1'];
  const choice = ['left', 'left', 'right', 'right', 'left', 'left'];

  it('puts each kept trial in the cell of its two values, rows ordered numerically, NaN last', () => {
    const grid = trialGrid(6, t => t !== 5, contrast, choice);
    expect(grid.rowLabels).toEqual(['0.25', '1', 'NaN']);
    expect(grid.columnLabels).toEqual(['left', 'right']);
    expect(grid.cells.map(c => [c.row, c.column, c.trials])).toEqual([
      [0, 0, [1]],
      [0, 1, [3]],
      [1, 0, [0]],
      [1, 1, [2]],
      [2, 0, [4]],
      [2, 1, []]
    ]);
  });

  it('makes one row (or column) of every trial when a column is not chosen', () => {
    const grid = trialGrid(6, all, undefined, choice);
    expect(grid.rowLabels).toEqual(['all trials']);
    expect(grid.cells.map(c => c.trials)).toEqual([
      [0, 1, 4, 5],
      [2, 3]
    ]);
    const single = trialGrid(6, all);
    expect(single.cells).toEqual([
      { row: 0, column: 0, trials: [0, 1, 2, 3, 4, 5] }
    ]);
  });

  it("counts a cell's spikes in the window over its trials", () => {
    // Spikes at 0.1, 0.3, 1.05, 2.2, 2.4, 3.9; events at 0, 1, 2, 3.
    const spikes = Float64Array.from([0.1, 0.3, 1.05, 2.2, 2.4, 3.9]);
    const aligned = alignSpikes(spikes, [0, 1, 2, 3], 0, 0.5);
    // Trial windows [0,0.5): 2 spikes; [1,1.5): 1; [2,2.5): 2; [3,3.5): 0.
    const grid = trialGrid(4, all, ['a', 'b', 'a', 'b'], ['x', 'x', 'x', 'y']);
    expect(cellSpikeCounts(grid, aligned)).toEqual([4, 0, 1, 0]);
  });
});

describe('tuningCurve', () => {
  it('averages rates over the trials of each value, with the SEM (ddof 1)', () => {
    // Window 0.5 s: counts 1, 3 for value 0 → rates 2, 6: mean 4, sd √8, SEM 2.
    // Value 0.5: counts 4 → rate 8, one trial: SEM 0. Trial 3 has no event.
    const curve = tuningCurve(
      [1, 3, 4, 9],
      ['0', '0', '0.5', '0.5'],
      t => t !== 3,
      0.5
    );
    expect(curve.numeric).toBe(true);
    expect(curve.withoutValue).toBe(0);
    expect(curve.points.map(p => [p.label, p.value, p.n])).toEqual([
      ['0', 0, 2],
      ['0.5', 0.5, 1]
    ]);
    expect(curve.points[0].mean).toBeCloseTo(4, 12);
    expect(curve.points[0].sem).toBeCloseTo(2, 12);
    expect(curve.points[1].mean).toBeCloseTo(8, 12);
    expect(curve.points[1].sem).toBe(0);
  });

  it('orders numeric values as numbers and leaves NaN values out of the curve, counted', () => {
    const curve = tuningCurve([2, 2, 2, 2], ['10', '-1', 'NaN', '2'], all, 1);
    expect(curve.points.map(p => p.value)).toEqual([-1, 2, 10]);
    expect(curve.withoutValue).toBe(1);
  });

  it('keeps text values as categories, NaN among them', () => {
    const curve = tuningCurve([1, 0, 2], ['right', 'left', 'NaN'], all, 2);
    expect(curve.numeric).toBe(false);
    expect(curve.points.map(p => [p.label, p.mean])).toEqual([
      ['NaN', 1],
      ['left', 0],
      ['right', 0.5]
    ]);
    expect(curve.withoutValue).toBe(0);
  });

  it('tells numbers from text', () => {
    expect(numericLabels(['-1', '0.25', 'NaN'])).toBe(true);
    expect(numericLabels(['NaN'])).toBe(false);
    expect(numericLabels(['1', 'left'])).toBe(false);
    expect(numericLabels(['true', 'false'])).toBe(false);
  });
});

describe('keptUnits and unitPage', () => {
  it("lists every unit, or only the filter's", () => {
    expect(keptUnits(4)).toEqual([0, 1, 2, 3]);
    expect(keptUnits(4, new Set([3, 1, 9]))).toEqual([1, 3]);
    expect(keptUnits(4, new Set())).toEqual([]);
  });

  it('pages the kept units and clamps the page', () => {
    const units = [1, 3, 5, 7, 9];
    expect(unitPage(units, 0, 2)).toEqual({ units: [1, 3], page: 0, pages: 3 });
    expect(unitPage(units, 2, 2)).toEqual({ units: [9], page: 2, pages: 3 });
    expect(unitPage(units, 7, 2).page).toBe(2);
    expect(unitPage([], 0, 6)).toEqual({ units: [], page: 0, pages: 1 });
  });
});

describe('defaults', () => {
  it('aligns to the stimulus onset and picks preferred columns, distinct', () => {
    expect(preferredEvent(['start_time', 'stimOn_time'])).toBe('stimOn_time');
    expect(preferredEvent(['feedback_time'])).toBe('feedback_time');
    expect(preferredColumn(['choice', 'contrast'], ['contrast'])).toBe(
      'contrast'
    );
    expect(preferredColumn(['choice'], ['choice'], ['choice'])).toBe('');
    expect(preferredColumn(['a', 'b'], ['x'], ['a'])).toBe('b');
  });
});

describe('rasterGridFigure', () => {
  const spikes = Float64Array.from([0.1, 0.3, 1.05, 2.2, 2.4, 3.9]);
  const aligned = alignSpikes(spikes, [0, 1, 2, 3], -0.5, 0.5);
  const grid = trialGrid(4, all, ['a', 'b', 'a', 'b'], ['x', 'x', 'x', 'y']);
  const settings = {
    pre: -0.5,
    post: 0.5,
    rowColumn: 'block',
    columnColumn: 'side',
    pixels: 800,
    budget: 30_000
  };

  it('draws one subplot per cell, first row on top, trials top to bottom', () => {
    const figure = rasterGridFigure(grid, aligned, settings, 'red', THEME);
    expect(figure.data).toHaveLength(4);
    const traces = figure.data as {
      x: Float64Array;
      y: Float64Array;
      xaxis: string;
      yaxis: string;
    }[];
    expect(traces.map(t => [t.xaxis, t.yaxis])).toEqual([
      ['x', 'y'],
      ['x2', 'y2'],
      ['x3', 'y3'],
      ['x4', 'y4']
    ]);
    // Cell (a, x) holds trials 0 and 2: spikes 0.1, 0.3 (row 0), 0.2, 0.4 (row 1).
    expect(Array.from(traces[0].x)).toEqual([
      0.1,
      0.3,
      expect.closeTo(0.2, 12),
      expect.closeTo(0.4, 12)
    ]);
    expect(Array.from(traces[0].y)).toEqual([0, 0, 1, 1]);
    // Cell (b, y) holds trial 3: 2.4 - 3 = -0.6 is outside; 3.9 - 3 too.
    expect(traces[3].x).toHaveLength(0);
    // Per trial: 2 (0.1, 0.3), 1 (0.05), 2 (0.2, 0.4), 0.
    expect(figure.total).toBe(5);
    const layout = figure.layout as Record<string, { domain: number[] }>;
    expect(layout.yaxis.domain[0]).toBeGreaterThan(0.5);
    expect(layout.yaxis3.domain[1]).toBeLessThan(0.5);
    expect(layout.xaxis2.domain[0]).toBeGreaterThan(0.5);
    const texts = (figure.layout.annotations as { text: string }[]).map(
      a => a.text
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        'side',
        'x',
        'y',
        'block',
        'a',
        'b',
        '2 trials · 4 spikes'
      ])
    );
  });

  it('names axes and splits the plot in slots with gaps', () => {
    expect([axisName(0, 'x'), axisName(1, 'y')]).toEqual(['x', 'y2']);
    expect(slotDomain(0, 1)).toEqual([0, 1]);
    expect(slotDomain(0, 2, 0.1)).toEqual([0, 0.45]);
    expect(slotDomain(1, 2, 0.1)).toEqual([0.55, 1]);
  });
});

describe('tuningFigure', () => {
  it('draws numeric values as a line with SEM bars and text as category points', () => {
    const numeric = tuningCurve([1, 3, 4], ['0', '0', '0.5'], all, 0.5);
    const text = tuningCurve([1, 0], ['right', 'left'], all, 1);
    const figure = tuningFigure(
      [
        { title: 'unit 0', curve: numeric },
        { title: 'unit 1', curve: text }
      ],
      'contrast',
      'blue',
      THEME
    );
    const [line, points] = figure.data as {
      mode: string;
      x: unknown[];
      y: number[];
      error_y: { array: number[] };
    }[];
    expect(line.mode).toBe('lines+markers');
    expect(line.x).toEqual([0, 0.5]);
    expect(line.y).toEqual([4, 8]);
    expect(line.error_y.array[0]).toBeCloseTo(2, 12);
    expect(points.mode).toBe('markers');
    expect(points.x).toEqual(['left', 'right']);
    const layout = figure.layout as Record<string, { type: string }>;
    expect(layout.xaxis.type).toBe('linear');
    expect(layout.xaxis2.type).toBe('category');
  });
});
