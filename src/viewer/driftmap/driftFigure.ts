/**
 * A driftmap picture → the plotly figure drawn over its WebGL image: the
 * axes at the picture's ranges, a transparent background (the image lies
 * underneath), an empty trace carrying the colour bar, and the shared
 * cursor as a vertical line.
 */
import type { IDriftPicture } from './driftPicture';

export interface IFigureSettings {
  /** themeLayout(...) of the plot element. */
  readonly theme: Record<string, unknown>;
  readonly cursor: number | null;
  readonly colourLabel: string;
  readonly depthLabel: string;
  readonly height: number;
  readonly margin: { l: number; r: number; t: number; b: number };
}

export function driftFigure(
  picture: IDriftPicture,
  s: IFigureSettings
): { data: unknown[]; layout: Record<string, unknown> } {
  const axis = s.theme.xaxis as Record<string, unknown>;
  const plain = { ...axis, showgrid: false, zeroline: false };
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: [null],
        y: [null],
        hoverinfo: 'skip',
        showlegend: false,
        marker: {
          color: [picture.lo],
          cmin: picture.lo,
          cmax: picture.hi,
          colorscale: 'Viridis',
          showscale: true,
          colorbar: {
            title: { text: s.colourLabel, side: 'right' },
            thickness: 12
          }
        }
      }
    ],
    layout: {
      ...s.theme,
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      height: s.height,
      margin: s.margin,
      showlegend: false,
      dragmode: 'zoom',
      xaxis: { ...plain, title: { text: 'time (s)' }, range: picture.xRange },
      yaxis: { ...plain, title: { text: s.depthLabel }, range: picture.yRange },
      shapes:
        s.cursor === null
          ? []
          : [
              {
                type: 'line',
                x0: s.cursor,
                x1: s.cursor,
                yref: 'paper',
                y0: 0,
                y1: 1,
                line: { color: 'red', width: 1 }
              }
            ]
    }
  };
}
