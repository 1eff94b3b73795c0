import { ICEPHYS_TABLES } from '../icephys/sweepGroups';
import { sweepOverlay, type ISweepOverlay } from '../icephys/sweepTraces';
import { serialDraw } from './controls';
import { h } from './dom';
import { colorFor, groupColors } from './palette';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { sweepGroupPicker } from './sweepGroupPicker';

/**
 * The sweeps of an icephys table row (a sequential recording, a repetition,
 * …) overlaid: responses above, stimuli below, on one time axis that puts
 * each sweep's stimulus onset at 0.
 */
export const sweepsView: INwbView = {
  id: 'sweeps',
  label: 'Sweeps',
  priority: 68,
  canHandle: handlesType(...Object.keys(ICEPHYS_TABLES)),
  async render(host: HTMLElement, context: IViewContext) {
    const picker = await sweepGroupPicker(host, context, 'sweeps');
    if (!picker) {
      return;
    }
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-plot'
    });
    host.append(plot);
    const plotHost = new PlotHost(plot, context.signal);
    const draw = serialDraw(async () => {
      const { sweeps, cut } = await picker.samples();
      const overlay = sweepOverlay(sweeps);
      const clipped = sweeps.some(
        s => s.response?.clipped || s.stimulus?.clipped
      );
      picker.status.textContent =
        `${sweeps.length} sweeps, aligned on the stimulus onset` +
        (cut ? ` (${cut} more not drawn)` : '') +
        (clipped ? ' (long sweeps clipped)' : '');
      await drawOverlay(plotHost, plot, overlay);
      plot.setAttribute('data-sweeps', String(overlay.response.length));
    });
    picker.select.onchange = () => void draw();
    await draw();
  }
};

/** The drawing: two panels sharing the x axis, one colour per sweep. */
function drawOverlay(
  plotHost: PlotHost,
  plot: HTMLElement,
  overlay: ISweepOverlay
): Promise<void> {
  const colors = groupColors(plot);
  const names = [
    ...new Set([...overlay.response, ...overlay.stimulus].map(l => l.name))
  ];
  const color = (name: string) => colorFor(colors, names.indexOf(name));
  const traces = [
    ...overlay.response.map(l => ({ ...l, yaxis: 'y', showlegend: true })),
    ...overlay.stimulus.map(l => ({ ...l, yaxis: 'y2', showlegend: false }))
  ].map(l => ({
    type: 'scatter',
    mode: 'lines',
    x: l.x,
    y: l.y,
    name: l.name,
    legendgroup: l.name,
    showlegend: l.showlegend,
    xaxis: 'x',
    yaxis: l.yaxis,
    line: { width: 1, color: color(l.name) }
  }));
  const theme = themeLayout(plot);
  const axis = theme.xaxis as Record<string, unknown>;
  const hasStimulus = overlay.stimulus.length > 0;
  return plotHost.react(
    traces,
    {
      ...theme,
      margin: { l: 70, r: 10, t: 10, b: 40 },
      xaxis: {
        ...axis,
        anchor: hasStimulus ? 'y2' : 'y',
        title: { text: 'time from stimulus onset (s)' }
      },
      yaxis: {
        ...axis,
        domain: hasStimulus ? [0.38, 1] : [0, 1],
        title: { text: `response (${overlay.responseUnit})` }
      },
      yaxis2: {
        ...axis,
        domain: [0, 0.3],
        visible: hasStimulus,
        title: { text: `stimulus (${overlay.stimulusUnit})` }
      }
    },
    { responsive: true, displaylogo: false }
  );
}
