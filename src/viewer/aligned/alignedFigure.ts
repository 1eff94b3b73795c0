/**
 * The trial-aligned figure of a sampled series, the mapping part (data and
 * settings to Plotly props, no DOM): every trial's trace, faint, in its
 * group's colour (top), and each group's mean ± SEM (bottom), sharing the
 * time axis.
 */
import { colorFor } from '../views/palette';
import { eventLine, meanSemTraces } from '../views/psthPlot';
import type { IAlignedGroup } from './resample';

export interface IAlignedFigureInput {
  /** Times relative to the event. */
  readonly grid: Float64Array;
  /** Resampled trace per trial (`null`: not aligned). */
  readonly rows: readonly (Float64Array | null)[];
  readonly groups: readonly IAlignedGroup[];
  /** Y-axis title of the mean (name and unit). */
  readonly valueTitle: string;
  /** Name of the aligning event (x-axis title). */
  readonly event: string;
}

/** Points drawn as SVG at most; beyond, the trials are drawn with WebGL (when available). */
export const SVG_POINTS = 60_000;

export function alignedFigure(
  input: IAlignedFigureInput,
  colors: string[],
  theme: Record<string, unknown>,
  webgl = false
): { data: unknown[]; layout: Record<string, unknown> } {
  const x = Array.from(input.grid);
  const trials = input.groups.reduce((n, g) => n + g.trials.length, 0);
  const type =
    webgl && trials * x.length > SVG_POINTS ? 'scattergl' : 'scatter';
  const data: unknown[] = [];
  // Every trial faint in its group's colour: one trace per group, trials
  // joined by a null (a break in the line).
  input.groups.forEach((group, g) => {
    const xs: (number | null)[] = [];
    const ys: (number | null)[] = [];
    for (const t of group.trials) {
      const row = input.rows[t];
      if (!row) {
        continue;
      }
      row.forEach((v, k) => {
        xs.push(x[k]);
        ys.push(Number.isNaN(v) ? null : v);
      });
      xs.push(null);
      ys.push(null);
    }
    data.push({
      type,
      mode: 'lines',
      x: xs,
      y: ys,
      name: `${group.label} trials`,
      legendgroup: group.label,
      showlegend: false,
      opacity: 0.35,
      line: { width: 1, color: colorFor(colors, g) },
      hoverinfo: 'skip',
      xaxis: 'x',
      yaxis: 'y'
    });
  });
  input.groups.forEach((group, g) => {
    data.push(...meanSemTraces(group, x, colorFor(colors, g), 'y2'));
  });
  const axis = theme.xaxis as Record<string, unknown>;
  return {
    data,
    layout: {
      ...theme,
      margin: { l: 60, r: 10, t: 10, b: 40 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.12 },
      xaxis: {
        ...axis,
        title: { text: `time from ${input.event} (s)` },
        anchor: 'y2',
        range: [x[0], x[x.length - 1]]
      },
      yaxis: {
        ...axis,
        domain: [0.45, 1],
        title: { text: `each trial (${trials})` }
      },
      yaxis2: {
        ...axis,
        domain: [0, 0.4],
        title: { text: input.valueTitle }
      },
      shapes: [eventLine(axis.linecolor)]
    }
  };
}
