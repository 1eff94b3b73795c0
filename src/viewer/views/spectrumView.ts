import { toNumbers } from '../images/contrast';
import { allPositive, spectrumLines } from '../spectrum/spectrumLines';
import { labelled, selectBox, serialDraw } from './controls';
import { h, message } from './dom';
import { colorFor, groupColors } from './palette';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';

/** Channels drawn at most (one line each). */
const MAX_CHANNELS = 64;
/** Values read at most (frequencies × channels drawn). */
const MAX_VALUES = 4_000_000;

const isSpectrum = handlesType('Spectrum');

/** ndx-spectrum's Spectrum: power (or phase) against frequency, a line per channel. */
export const spectrumView: INwbView = {
  id: 'spectrum',
  label: 'Spectrum',
  priority: 70,
  canHandle: node =>
    isSpectrum(node) && node.children.some(c => c.name === 'frequencies'),
  async render(host: HTMLElement, context: IViewContext) {
    const node = context.node;
    const frequencies = node.children.find(c => c.name === 'frequencies')!;
    const arrays = ['power', 'phase']
      .map(name => node.children.find(c => c.name === name))
      .filter(c => c?.kind === 'dataset' && c.shape?.length);
    const cannot = (reason: string) => {
      const note = message(
        'info',
        `Cannot display ${node.path} as a spectrum because ${reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
    };
    if (arrays.length === 0) {
      return cannot('it has neither a power nor a phase array');
    }
    const which = selectBox(
      'spectrum values',
      arrays.map(a => [a!.name, a!.name]),
      arrays[0]!.name
    );
    const scale = selectBox(
      'y scale',
      [
        ['log', 'log'],
        ['linear', 'linear']
      ],
      'log'
    );
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-plot'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        labelled('values', which),
        labelled('y axis', scale),
        status
      ),
      plot
    );
    const plotHost = new PlotHost(plot, context.signal);
    const freqs = toNumbers(await context.read(frequencies.path));
    const draw = serialDraw(async () => {
      const array = arrays.find(a => a!.name === which.value)!;
      const shape = array.shape!;
      const channels = Math.min(
        shape[1] ?? 1,
        MAX_CHANNELS,
        Math.max(1, Math.floor(MAX_VALUES / Math.max(1, shape[0])))
      );
      const values = toNumbers(
        await context.read(
          array.path,
          shape.length > 1
            ? [
                [0, shape[0]],
                [0, channels]
              ]
            : undefined
        )
      );
      let lines;
      try {
        lines = spectrumLines(
          freqs,
          values,
          shape.length > 1 ? [shape[0], channels] : shape,
          channels
        );
      } catch (error) {
        plot.replaceChildren();
        status.textContent = '';
        return cannot((error as Error).message);
      }
      const log = scale.value === 'log' && allPositive(lines);
      status.textContent =
        `${lines.length} of ${shape[1] ?? 1} channels, ${freqs.length} frequencies` +
        (scale.value === 'log' && !log ? ' (linear: not all values > 0)' : '');
      const colors = groupColors(plot);
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      await plotHost.react(
        lines.map((l, i) => ({
          type: 'scatter',
          mode: 'lines',
          name: l.name,
          x: l.x,
          y: l.y,
          line: { width: 1, color: colorFor(colors, i) }
        })),
        {
          ...theme,
          margin: { l: 70, r: 10, t: 10, b: 40 },
          showlegend: lines.length > 1 && lines.length <= 16,
          xaxis: { ...axis, title: { text: 'frequency (Hz)' } },
          yaxis: {
            ...axis,
            type: log ? 'log' : 'linear',
            title: { text: array.name }
          }
        },
        { responsive: true, displaylogo: false }
      );
      plot.setAttribute('data-lines', String(lines.length));
    });
    which.onchange = scale.onchange = () => void draw();
    await draw();
  }
};
