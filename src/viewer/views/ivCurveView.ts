import {
  defaultIvWindow,
  ivCurve,
  type IIvCurve,
  type IvMeasure
} from '../icephys/ivCurve';
import { ICEPHYS_TABLES } from '../icephys/sweepGroups';
import { labelled, numberBox, selectBox, serialDraw } from './controls';
import { h } from './dom';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { sweepGroupPicker } from './sweepGroupPicker';

/**
 * The I-V curve of an icephys table row's sweeps: stimulus amplitude against
 * the response measured in a window the user sets (seconds from the
 * stimulus onset), as its steady state (mean) or its peak.
 */
export const ivCurveView: INwbView = {
  id: 'iv-curve',
  label: 'I-V curve',
  priority: 66,
  canHandle: handlesType(...Object.keys(ICEPHYS_TABLES)),
  async render(host: HTMLElement, context: IViewContext) {
    const picker = await sweepGroupPicker(host, context, 'an I-V curve');
    if (!picker) {
      return;
    }
    const measure = selectBox(
      'measure',
      [
        ['steady', 'steady state (mean)'],
        ['peak', 'peak']
      ],
      'steady'
    );
    const start = numberBox('window start', 0);
    const end = numberBox('window end', 0.1);
    picker.toolbar.insertBefore(
      h(
        'span',
        {},
        labelled('measure', measure),
        labelled('window from (s)', start),
        labelled('to (s)', end)
      ),
      picker.status
    );
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-plot'
    });
    host.append(plot);
    const plotHost = new PlotHost(plot, context.signal);
    let userWindow = false;
    const draw = serialDraw(async () => {
      const { sweeps } = await picker.samples();
      const how = measure.value as IvMeasure;
      if (!userWindow) {
        const window = defaultIvWindow(sweeps, how);
        start.value = String(round(window.start));
        end.value = String(round(window.end));
      }
      const curve = ivCurve(
        sweeps,
        { start: Number(start.value), end: Number(end.value) },
        how
      );
      picker.status.textContent =
        `${curve.points.length} sweeps` +
        (curve.skipped.length ? `; left out: ${curve.skipped.join(', ')}` : '');
      await drawCurve(plotHost, plot, curve);
      plot.setAttribute('data-points', String(curve.points.length));
    });
    start.onchange = end.onchange = () => {
      userWindow = true;
      void draw();
    };
    measure.onchange = picker.select.onchange = () => void draw();
    await draw();
  }
};

const round = (seconds: number) => Number(seconds.toPrecision(6));

function drawCurve(
  plotHost: PlotHost,
  plot: HTMLElement,
  curve: IIvCurve
): Promise<void> {
  const theme = themeLayout(plot);
  const axis = theme.xaxis as Record<string, unknown>;
  return plotHost.react(
    [
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: curve.points.map(p => p.stimulus),
        y: curve.points.map(p => p.response),
        text: curve.points.map(p => p.sweep),
        hovertemplate:
          '%{text}<br>stimulus %{x}<br>response %{y}<extra></extra>'
      }
    ],
    {
      ...theme,
      margin: { l: 70, r: 10, t: 10, b: 40 },
      xaxis: { ...axis, title: { text: `stimulus (${curve.stimulusUnit})` } },
      yaxis: { ...axis, title: { text: `response (${curve.responseUnit})` } }
    },
    { responsive: true, displaylogo: false }
  );
}
