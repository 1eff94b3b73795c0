import { trajectory } from '../behavior/trajectory';
import { toNumbers } from '../images/contrast';
import { serialDraw, timeWindowToolbar } from './controls';
import { message } from './dom';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { seriesLayout } from '../series/seriesData';
import { dataSpan, indexRange, timeSpan } from '../series/timeAxis';
import { boxesTarget, openingSpan, TimeLink } from './timeLink';

/** Points drawn at most (rows are thinned beyond). */
const MAX_POINTS = 5000;
/** Rows read per window at most (the window is clipped beyond). */
const MAX_ROWS = 1_000_000;
/** Initial window length in seconds. */
const DEFAULT_WINDOW = 60;

const isSpatial = handlesType('SpatialSeries');

/**
 * SpatialSeries (positions, pose keypoints) with x and y as a trajectory
 * in the plane, coloured by time, read a window at a time.
 */
export const trajectoryView: INwbView = {
  id: 'xy',
  label: 'XY',
  priority: 55,
  canHandle: node => {
    const data = node.children.find(c => c.name === 'data');
    return (
      isSpatial(node) &&
      (data?.shape?.length ?? 0) === 2 &&
      (data?.shape?.[1] ?? 0) >= 2
    );
  },
  async render(host: HTMLElement, context: IViewContext) {
    const found = await seriesLayout(context.source, context.node);
    if ('reason' in found) {
      const note = message(
        'info',
        `Cannot display ${context.node.path} as a trajectory because ${found.reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const layout = found.layout;
    const cols = layout.shape[1];
    const { first, last, step } = await dataSpan(layout.axis);
    const opening = openingSpan(
      context,
      first,
      Math.min(DEFAULT_WINDOW, last - first + step)
    );
    const { start, duration, whole, status, plot } = timeWindowToolbar(
      host,
      opening.start,
      opening.length
    );
    const plotHost = new PlotHost(plot, context.signal);
    const draw = serialDraw(async () => {
      const t0 = Number(start.value);
      const t1 = t0 + Math.max(Number(duration.value), 1e-9);
      const [i0, end] = await indexRange(layout.axis, t0, t1);
      const i1 = Math.min(end, i0 + MAX_ROWS);
      const rows = i1 - i0;
      const values =
        rows > 0
          ? toNumbers(
              await context.read(layout.dataPath, [
                [i0, i1],
                [0, Math.min(cols, 2)]
              ])
            )
          : new Float64Array(0);
      const path = trajectory(
        values,
        rows,
        Math.min(cols, 2),
        MAX_POINTS,
        layout.conversion,
        layout.offset
      );
      const time = (i: number) =>
        layout.axis.kind === 'rate'
          ? layout.axis.start + (i0 + i) / layout.axis.rate
          : i0 + i;
      const colour =
        layout.axis.kind === 'timestamps' && layout.timestampsPath && rows > 0
          ? await (async () => {
              const stamps = toNumbers(
                await context.read(layout.timestampsPath!, [[i0, i1]])
              );
              return path.index.map(i => stamps[i]);
            })()
          : path.index.map(time);
      status.textContent = `${rows} samples, ${path.x.length} points drawn${i1 < end ? ' (window clipped)' : ''}`;
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      await plotHost.react(
        [
          {
            type: 'scatter',
            mode: 'lines+markers',
            x: path.x,
            y: path.y,
            line: { width: 1, color: 'rgba(128,128,128,0.4)' },
            marker: {
              size: 4,
              color: colour,
              colorscale: 'Viridis',
              showscale: true,
              colorbar: { title: { text: 'time (s)' } }
            },
            hovertemplate:
              'x %{x}<br>y %{y}<br>t %{marker.color:.3f} s<extra></extra>'
          }
        ],
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          xaxis: { ...axis, title: { text: `x (${layout.unit})` } },
          yaxis: {
            ...axis,
            title: { text: `y (${layout.unit})` },
            scaleanchor: 'x'
          }
        },
        { responsive: true, displaylogo: false }
      );
      plot.setAttribute('data-points', String(path.x.length));
      await link?.drawn();
    });
    // The window only: x and y are positions, not time, so no cursor line.
    const link =
      layout.axis.kind === 'index'
        ? null
        : new TimeLink(context, boxesTarget(start, duration, draw));
    whole.onclick = async () => {
      const [a, b] = await timeSpan(layout.axis);
      start.value = String(a);
      duration.value = String(b - a + step);
      void draw();
    };
    start.onchange = duration.onchange = () => void draw();
    await draw();
  }
};
