/**
 * The trial-aligned figure of a sampled series, the mapping part (data and
 * settings to Plotly props, no DOM): every trial as a heatmap row, grouped
 * (top), and each group's mean ± SEM (bottom), sharing the time axis.
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

export function alignedFigure(
  input: IAlignedFigureInput,
  colors: string[],
  theme: Record<string, unknown>
): { data: unknown[]; layout: Record<string, unknown> } {
  const x = Array.from(input.grid);
  const z: (number | null)[][] = [];
  const y: number[] = [];
  const starts: number[] = [];
  for (const group of input.groups) {
    starts.push(z.length);
    for (const t of group.trials) {
      const row = input.rows[t];
      z.push(
        Array.from(row ?? [], v => (Number.isNaN(v) ? null : v)) as (
          number | null
        )[]
      );
      y.push(z.length - 1);
    }
  }
  const data: unknown[] = [
    {
      type: 'heatmap',
      x,
      y,
      z,
      hovertemplate: 'row %{y}<br>%{x:.3f} s: %{z}<extra></extra>',
      colorscale: 'Viridis',
      showscale: false,
      xaxis: 'x',
      yaxis: 'y'
    }
  ];
  input.groups.forEach((group, g) => {
    data.push(...meanSemTraces(group, x, colorFor(colors, g), 'y2'));
  });
  const axis = theme.xaxis as Record<string, unknown>;
  // A coloured bar left of each group's block of rows says which group it is.
  const groupBars = input.groups.map((group, g) => ({
    type: 'rect',
    xref: 'paper',
    yref: 'y',
    x0: -0.012,
    x1: -0.002,
    y0: starts[g] - 0.5,
    y1: starts[g] + group.trials.length - 0.5,
    fillcolor: colorFor(colors, g),
    line: { width: 0 }
  }));
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
        title: { text: 'trials' },
        range: [Math.max(z.length, 1) - 0.5, -0.5],
        zeroline: false
      },
      yaxis2: {
        ...axis,
        domain: [0, 0.4],
        title: { text: input.valueTitle }
      },
      shapes: [eventLine(axis.linecolor), ...groupBars]
    }
  };
}
