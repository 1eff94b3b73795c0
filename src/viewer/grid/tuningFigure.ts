/**
 * Plotly props of tuning curves: one subplot per unit of the page, the
 * mean rate ± SEM over trials for each value of a trials column — a line
 * over the values when they are numbers, points when they are categories.
 * Pure: no DOM.
 */
import type { ITuningCurve } from '../spikes/tuning';
import { axisName, slotDomain } from './rasterGridFigure';

export interface ITuningPanel {
  /** Title of the subplot, e.g. `unit 12 (3400 spikes)`. */
  readonly title: string;
  readonly curve: ITuningCurve;
}

/** Columns of the subplot grid for `n` panels: up to 3 side by side. */
export function panelColumns(n: number): number {
  return Math.min(3, Math.max(1, n));
}

export function tuningFigure(
  panels: readonly ITuningPanel[],
  column: string,
  color: string,
  theme: Record<string, unknown>
): { data: unknown[]; layout: Record<string, unknown> } {
  const columns = panelColumns(panels.length);
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const axis = theme.xaxis as Record<string, unknown>;
  const data: unknown[] = [];
  const layout: Record<string, unknown> = {
    ...theme,
    margin: { l: 60, r: 10, t: 30, b: 50 },
    showlegend: false
  };
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((panel, k) => {
    const { curve } = panel;
    const x = axisName(k, 'x');
    const y = axisName(k, 'y');
    const row = Math.floor(k / columns);
    const col = k % columns;
    data.push({
      type: 'scatter',
      mode: curve.numeric ? 'lines+markers' : 'markers',
      x: curve.points.map(p => (curve.numeric ? p.value : p.label)),
      y: curve.points.map(p => p.mean),
      error_y: {
        type: 'data',
        array: curve.points.map(p => p.sem),
        visible: true,
        color
      },
      text: curve.points.map(p => `${p.n} trials`),
      hovertemplate: `${column} = %{x}<br>%{y:.2f} spikes/s ± %{error_y.array:.2f}<br>%{text}<extra></extra>`,
      marker: { color, size: 7 },
      line: { color, width: 2 },
      xaxis: x,
      yaxis: y
    });
    const bottom = row === rows - 1 || k + columns >= panels.length;
    layout[`xaxis${k === 0 ? '' : k + 1}`] = {
      ...axis,
      domain: slotDomain(col, columns, 0.06),
      anchor: y,
      type: curve.numeric ? 'linear' : 'category',
      title: bottom ? { text: column } : undefined
    };
    layout[`yaxis${k === 0 ? '' : k + 1}`] = {
      ...axis,
      domain: slotDomain(rows - 1 - row, rows, 0.12),
      anchor: x,
      rangemode: 'tozero',
      title: col === 0 ? { text: 'spikes/s' } : undefined
    };
    annotations.push({
      xref: `${x} domain`,
      yref: `${y} domain`,
      x: 0.5,
      y: 1,
      yanchor: 'bottom',
      showarrow: false,
      text: panel.title
    });
  });
  layout.annotations = annotations;
  return { data, layout };
}
