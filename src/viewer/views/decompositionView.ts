import { bandTimeGrid } from '../ecephys/bandPower';
import { autoContrast, toNumbers } from '../images/contrast';
import { heatmapRgba } from '../images/colormap';
import { asTextList } from '../model/text';
import {
  button,
  labelled,
  numberBox,
  serialDraw,
  wholeButton
} from './controls';
import { h, message } from './dom';
import { PictureCanvas } from './imageCanvas';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { timeAxis } from '../series/seriesData';
import { dataSpan, indexRange, timeSpan } from '../series/timeAxis';
import { boxesTarget, openingSpan, TimeLink } from './timeLink';

/** Time columns drawn at most (bins averaged beyond). */
const COLUMNS = 800;
/** Values read per window at most (the window is clipped beyond). */
const MAX_VALUES = 4_000_000;
/** Initial window length in seconds. */
const DEFAULT_WINDOW = 10;

/**
 * DecompositionSeries (`[time, channel, band]`, e.g. LFP band power) as a
 * band × time heat map of one channel, read a window at a time.
 */
export const decompositionView: INwbView = {
  id: 'bands',
  label: 'Bands',
  priority: 70,
  canHandle: handlesType('DecompositionSeries'),
  async render(host: HTMLElement, context: IViewContext) {
    const node = context.node;
    const data = node.children.find(c => c.name === 'data');
    const shape = data?.shape ?? [];
    if (!data || shape.length !== 3 || shape.some(n => n === 0)) {
      const note = message(
        'info',
        `Cannot display ${node.path} as bands because ${data ? `its data has shape [${shape.join(', ')}], not [time, channel, band]` : 'it has no data dataset'}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const [samples, channels, bands] = shape;
    const axis = await timeAxis(context.source, node, samples);
    const bandNames = node.children
      .find(c => c.name === 'bands')
      ?.children.find(c => c.name === 'band_name');
    const names =
      bandNames && (bandNames.shape?.[0] ?? 0) <= 1000
        ? asTextList(await context.read(bandNames.path))
        : [];
    const { first, last, step } = await dataSpan(axis);
    const unitLabel = axis.kind === 'index' ? 'sample' : 's';
    const mine = {
      start: first,
      length: Math.min(DEFAULT_WINDOW, last - first + step)
    };
    const opening =
      axis.kind === 'index'
        ? mine
        : openingSpan(context, mine.start, mine.length);
    const start = numberBox('window start', opening.start);
    const duration = numberBox('window length', opening.length);
    const channel = numberBox('channel', 0, 1);
    const prev = button('◀', 'Previous window');
    const next = button('▶', 'Next window');
    const whole = wholeButton();
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const canvas = new PictureCanvas('nwb-bands');
    const legend = h(
      'div',
      { class: 'jp-NwbViewer-range' },
      `bands, top to bottom: ${Array.from(
        { length: bands },
        (_, b) => names[bands - 1 - b] ?? `band ${bands - 1 - b}`
      ).join(' · ')}`
    );
    const hover = h('span', { class: 'jp-NwbViewer-range' });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        prev,
        labelled(`start (${unitLabel})`, start),
        labelled(`length (${unitLabel})`, duration),
        next,
        whole,
        channels > 1 ? labelled(`channel (of ${channels})`, channel) : null,
        status
      ),
      legend,
      canvas.element,
      hover
    );
    let grid: Float64Array = new Float64Array(0);
    let cols = 0;
    let t0 = 0;
    let t1 = 0;
    const draw = serialDraw(async () => {
      t0 = Number(start.value);
      t1 = t0 + Math.max(Number(duration.value), 1e-9);
      const c = Math.max(
        0,
        Math.min(channels - 1, Math.floor(Number(channel.value)) || 0)
      );
      channel.value = String(c);
      const [i0, end] = await indexRange(axis, t0, t1);
      const i1 = Math.min(end, i0 + Math.floor(MAX_VALUES / bands));
      if (i1 <= i0) {
        status.textContent = 'no samples in this window';
        return;
      }
      const values = toNumbers(
        await context.read(data.path, [
          [i0, i1],
          [c, c + 1],
          [0, bands]
        ])
      );
      ({ grid, cols } = bandTimeGrid(values, i1 - i0, bands, COLUMNS));
      const [lo, hi] = autoContrast(grid);
      canvas.draw(heatmapRgba(grid, bands, cols, lo, hi), {
        rows: bands,
        cols,
        colors: 1
      });
      // Bands are few and time bins many: stretch to the panel's width and
      // each band to a visible height.
      canvas.element.style.width = '100%';
      canvas.element.style.height = `${Math.max(120, Math.min(400, bands * 24))}px`;
      status.textContent = `${i1 - i0} samples${i1 < end ? ' (window clipped: too many samples)' : ''} · colour range ${+lo.toPrecision(4)} – ${+hi.toPrecision(4)}`;
      canvas.element.setAttribute('data-samples', String(i1 - i0));
      await link?.drawn();
    });
    const link =
      axis.kind === 'index'
        ? null
        : new TimeLink(context, boxesTarget(start, duration, draw), {
            strip: canvas.element
          });
    canvas.onHover((row, col) => {
      const band = bands - 1 - row;
      const time = t0 + ((col + 0.5) / Math.max(1, cols)) * (t1 - t0);
      hover.textContent = `${names[band] ?? `band ${band}`} · ~${time.toFixed(3)} ${unitLabel}: ${+grid[row * cols + col].toPrecision(6)}`;
    });
    const shift = (direction: number) => {
      start.value = String(
        Number(start.value) + direction * Number(duration.value)
      );
      void draw();
    };
    prev.onclick = () => shift(-1);
    next.onclick = () => shift(1);
    whole.onclick = async () => {
      const [a, b] = await timeSpan(axis);
      start.value = String(a);
      duration.value = String(b - a + step);
      void draw();
    };
    for (const box of [start, duration, channel]) {
      box.onchange = () => void draw();
    }
    await draw();
  }
};
