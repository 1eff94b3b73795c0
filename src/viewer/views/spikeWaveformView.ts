import {
  channelWaveforms,
  eventsPerPage,
  waveformShape
} from '../ecephys/waveforms';
import { toNumbers } from '../images/contrast';
import { asNumber, asText } from '../model/text';
import { labelled, numberBox, serialDraw } from './controls';
import { h, message } from './dom';
import { colorFor, groupColors } from './palette';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';

/** Waveforms drawn at once; the others are reached by paging. */
const MAX_EVENTS = 200;
/** Values read per page at most. */
const MAX_VALUES = 2_000_000;

/** SpikeEventSeries as overlaid waveforms, one colour per channel, paged by event. */
export const spikeWaveformView: INwbView = {
  id: 'waveforms',
  label: 'Waveforms',
  priority: 70,
  canHandle: handlesType('SpikeEventSeries'),
  async render(host: HTMLElement, context: IViewContext) {
    const data = context.node.children.find(c => c.name === 'data');
    const found = waveformShape(data?.shape ?? []);
    if (!data || 'reason' in found) {
      const note = message(
        'info',
        `Cannot display ${context.node.path} as waveforms because ${data ? (found as { reason: string }).reason : 'it has no data dataset'}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const shape = found.shape;
    const conversion = asNumber(data.attrs.conversion) ?? 1;
    const offset = asNumber(data.attrs.offset) ?? 0;
    const unit = asText(data.attrs.unit) ?? '';
    const timestamps = context.node.children.find(c => c.name === 'timestamps');
    const perPage = eventsPerPage(shape, MAX_EVENTS, MAX_VALUES);
    const firstBox = numberBox('first event', 0, 1);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-plot'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        labelled(
          `events from (${perPage} a page, of ${shape.events})`,
          firstBox
        ),
        status
      ),
      plot
    );
    const plotHost = new PlotHost(plot, context.signal);
    const draw = serialDraw(async () => {
      const first = Math.max(
        0,
        Math.min(shape.events - 1, Math.floor(Number(firstBox.value)) || 0)
      );
      firstBox.value = String(first);
      const end = Math.min(shape.events, first + perPage);
      const values = toNumbers(
        await context.read(
          data.path,
          data.shape!.length === 3
            ? [
                [first, end],
                [0, shape.channels],
                [0, shape.samples]
              ]
            : [
                [first, end],
                [0, shape.samples]
              ]
        )
      );
      const lines = channelWaveforms(
        values,
        end - first,
        shape,
        conversion,
        offset
      );
      const colors = groupColors(plot);
      let when = '';
      if (timestamps) {
        const t = toNumbers(
          await context.read(timestamps.path, [[first, end]])
        );
        when = ` · ${t[0].toFixed(3)}–${t[t.length - 1].toFixed(3)} s`;
      }
      status.textContent = `events ${first}–${end - 1} of ${shape.events} · ${shape.channels} channel(s) × ${shape.samples} samples${when}`;
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      await plotHost.react(
        lines.map(line => ({
          type: 'scatter',
          mode: 'lines',
          x: line.x,
          y: line.y,
          name: `ch ${line.channel}`,
          line: { width: 1, color: colorFor(colors, line.channel) },
          opacity: 0.6
        })),
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          showlegend: shape.channels > 1,
          xaxis: { ...axis, title: { text: 'sample' } },
          yaxis: { ...axis, title: { text: unit } }
        },
        { responsive: true, displaylogo: false }
      );
      plot.setAttribute('data-events', String(end - first));
    });
    firstBox.onchange = () => void draw();
    await draw();
  }
};
