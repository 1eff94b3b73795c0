import { describe, expect, it } from 'vitest';

import { psthFigure } from '../../../src/viewer/views/psthPlot';
import { themeColorUpdate } from '../../../src/viewer/views/themeFollow';

const axisOf = (grid: string, line: string) => ({
  gridcolor: grid,
  zerolinecolor: grid,
  linecolor: line
});
const LIGHT = {
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
  font: { color: '#000000', family: 'sans-serif', size: 11 },
  xaxis: axisOf('#e0e0e0', '#bdbdbd'),
  yaxis: axisOf('#e0e0e0', '#bdbdbd')
};
const DARK = {
  paper_bgcolor: '#111111',
  plot_bgcolor: '#111111',
  font: { color: '#eeeeee', family: 'sans-serif', size: 11 },
  xaxis: axisOf('#333333', '#616161'),
  yaxis: axisOf('#333333', '#616161')
};

describe('theme colours of a drawn plot', () => {
  it("moves every themed colour of the PSTH figure (both y axes, the event line) to the new theme's", () => {
    const raster = {
      traces: [{ label: 'all', x: [0.1], y: [0] }],
      groupStarts: [0, 1]
    };
    const psth = [{ label: 'all', n: 1, mean: [1, 2], sem: [0, 0] }];
    const { layout } = psthFigure(
      raster as never,
      psth as never,
      [-1, 0, 1],
      ['#1976d2'],
      LIGHT
    );
    const update = themeColorUpdate(layout, DARK);
    expect(update).toEqual({
      paper_bgcolor: '#111111',
      plot_bgcolor: '#111111',
      'font.color': '#eeeeee',
      'xaxis.gridcolor': '#333333',
      'xaxis.zerolinecolor': '#333333',
      'xaxis.linecolor': '#616161',
      'yaxis.gridcolor': '#333333',
      'yaxis.zerolinecolor': '#333333',
      'yaxis.linecolor': '#616161',
      'yaxis2.gridcolor': '#333333',
      'yaxis2.zerolinecolor': '#333333',
      'yaxis2.linecolor': '#616161',
      'shapes[0].line.color': '#616161'
    });
  });

  it('leaves alone what the view did not take from the theme', () => {
    const layout = {
      xaxis: { title: { text: 'time (s)' } },
      shapes: [{ line: { color: '#ff0000' } }]
    };
    expect(themeColorUpdate(layout, DARK)).toEqual({});
  });
});
