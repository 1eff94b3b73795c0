/**
 * The driftmap view of a Units table: spike depth × time coloured by
 * amplitude for one probe, every spike of the kept units binned per pixel
 * (DriftmapReader) and drawn as one WebGL texture under plotly's axes.
 * Follows the tab's shared time window, sets its cursor on a click, and
 * hides the spikes of units the row filter leaves out.
 */
import { formatValue } from '../model/text';
import type { ITimeChange } from '../model/sharedTime';
import { labelled, selectBox, serialDraw } from '../views/controls';
import { h, message } from '../views/dom';
import { PlotHost, themeLayout } from '../views/plotly';
import type { INwbView, IViewContext } from '../views/registry';
import { rowsOf } from '../tables/tablePage';
import type { DriftAggregate, DriftImage } from './driftImage';
import { driftFigure } from './driftFigure';
import { driftPicture } from './driftPicture';
import { DriftmapReader, type IDriftProgress } from './driftStream';
import { ImageCanvas } from './glImage';
import { DEPTH_COLUMNS, driftmapLayout } from './layout';

const MARGIN = { l: 60, r: 100, t: 10, b: 40 };
const HEIGHT = 440;
const AGGREGATES: [DriftAggregate, string][] = [
  ['max', 'largest amplitude per pixel'],
  ['mean', 'mean amplitude per pixel'],
  ['count', 'spikes per pixel']
];

const even = (n: number) => Math.max(2, 2 * Math.floor(n / 2));
/** A resize is acted on once the panel has kept its size this long (a drag resizes often). */
const RESIZE_SETTLE_MS = 150;

export const driftmapView: INwbView = {
  id: 'driftmap',
  label: 'Driftmap',
  priority: 20,
  // Units with a per-spike depth column (the render says why if it is unusable).
  canHandle: node =>
    !node.softLink &&
    node.ancestry.includes('Units') &&
    node.children.some(c => DEPTH_COLUMNS.includes(c.name)),
  async render(host: HTMLElement, context: IViewContext) {
    const found = driftmapLayout(context.node);
    if ('reason' in found) {
      const note = message(
        'info',
        `Cannot display a driftmap of ${context.node.path} because ${found.reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const layout = found.layout;
    const units = layout.units.units;
    const reader = new DriftmapReader(context.read, layout, path =>
      context.source.info(path)
    );
    const probes = layout.probePath
      ? rowsOf(await context.read(layout.probePath, [[0, units]]), units).map(
          probeLabel
        )
      : null;
    const probeNames = probes ? [...new Set(probes)] : [];
    const probeBox = selectBox(
      'probe',
      probeNames.map(p => [p, p]),
      probeNames[0]
    );
    const aggregateBox = selectBox('colour', AGGREGATES, 'max');
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const canvas = h('canvas', {
      style: `position:absolute;left:${MARGIN.l}px;top:${MARGIN.t}px;pointer-events:none`
    });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-driftmap',
      style: `position:relative;height:${HEIGHT}px`
    });
    const frame = h(
      'div',
      {
        style: `position:relative;background:var(--jp-layout-color0)`
      },
      canvas,
      plot
    );
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        probes ? labelled('probe', probeBox) : null,
        labelled('colour', aggregateBox),
        status
      ),
      frame
    );
    const gl = new ImageCanvas(canvas);
    const plotHost = new PlotHost(plot, context.signal);
    context.signal.addEventListener('abort', () => gl.dispose());
    const unitsPath = context.node.path;
    const token = {};
    let window = context.time?.window
      ? {
          t0: context.time.window.start,
          t1: context.time.window.start + context.time.window.length
        }
      : null;
    let depthZoom: [number, number] | null = null;
    /** The probe's time span, once a pass over all its spikes has been made. */
    let whole: [number, number] | null = null;
    let last: { image: DriftImage; progress: IDriftProgress } | null = null;
    let running: AbortController | null = null;
    /** Columns of the image being read (the plot's width when the read started). */
    let readCols = 0;

    const keep = (u: number) =>
      (!probes || probes[u] === probeBox.value) &&
      (context.rowFilter?.accepts(unitsPath, u) ?? true);

    const paint = async (progress: IDriftProgress) => {
      const aggregate = aggregateBox.value as DriftAggregate;
      const picture = driftPicture(
        progress.image,
        aggregate,
        window ? [window.t0, window.t1] : undefined,
        depthZoom ?? undefined
      );
      const width = plot.clientWidth - MARGIN.l - MARGIN.r;
      const height = HEIGHT - MARGIN.t - MARGIN.b;
      const drawing = performance.now();
      gl.draw(
        picture.rgba,
        picture.cols,
        picture.rows,
        width,
        height,
        picture.place
      );
      const painted = performance.now();
      const figure = driftFigure(picture, {
        theme: themeLayout(plot),
        cursor: context.time?.cursor ?? null,
        colourLabel: aggregate === 'count' ? 'spikes' : layout.amplitude.name,
        depthLabel: layout.depth.name,
        height: HEIGHT,
        margin: MARGIN
      });
      await plotHost.react(figure.data, figure.layout, {
        displaylogo: false,
        doubleClick: 'reset'
      });
      const { read, total, done, image } = progress;
      const percent = total ? Math.round((100 * read) / total) : 100;
      status.textContent =
        `${image.spikes.toLocaleString()} spikes in ${picture.cols}×${picture.rows} px` +
        `${done ? '' : ` · reading ${percent} %`}` +
        ` · ${AGGREGATES.find(a => a[0] === aggregate)![1]}` +
        `${gl.webgl ? '' : ' · WebGL unavailable: 2-D canvas'}` +
        `${context.rowFilter?.rowsOf(unitsPath) ? ` · filter: ${context.rowFilter.rowsOf(unitsPath)!.expression}` : ''}`;
      plot.setAttribute('data-spikes', String(image.spikes));
      plot.setAttribute('data-done', String(done));
      // The texture draw's time, for the benchmark notes (WebGL or 2-D).
      plot.setAttribute('data-draw-ms', (painted - drawing).toFixed(1));
      plot.setAttribute('data-cols', String(picture.cols));
      plot.setAttribute('data-rows', String(picture.rows));
    };

    const draw = serialDraw(async () => {
      running?.abort();
      const mine = new AbortController();
      running = mine;
      context.signal.addEventListener('abort', () => mine.abort());
      const signal = mine.signal;
      plot.setAttribute('data-done', 'false');
      const cols = even(plot.clientWidth - MARGIN.l - MARGIN.r);
      const rows = even(HEIGHT - MARGIN.t - MARGIN.b);
      readCols = cols;
      try {
        const image = await reader.stream(
          {
            layout,
            keep,
            cols,
            rows,
            window,
            depths: last ? [last.image.seen.d0, last.image.seen.d1] : undefined,
            span: whole ?? undefined,
            signal
          },
          progress => {
            last = { image: progress.image, progress };
            if (!window && progress.done) {
              whole = [progress.image.seen.t0, progress.image.seen.t1];
            }
            void paint(progress);
          }
        );
        if (!image) {
          status.textContent = `No spikes of the kept units${window ? ` in ${window.t0.toFixed(2)}–${window.t1.toFixed(2)} s` : ''}.`;
          plot.setAttribute('data-spikes', '0');
          plot.setAttribute('data-done', 'true');
          gl.draw(new Uint8ClampedArray(4), 1, 1, 1, 1, {
            x0: 0,
            x1: 0,
            y0: 0,
            y1: 0
          });
        }
      } catch (error) {
        if (!signal.aborted) {
          host.append(
            message('error', `Driftmap: ${(error as Error).message}`)
          );
        }
      }
    });

    // Draws wait for the one before them (serialDraw): stop its reading first.
    const redraw = () => {
      running?.abort();
      return draw();
    };

    plotHost.onRelayout(event => {
      const x0 = event['xaxis.range[0]'];
      const x1 = event['xaxis.range[1]'];
      const y0 = event['yaxis.range[0]'];
      const y1 = event['yaxis.range[1]'];
      if (event['xaxis.autorange'] || event['yaxis.autorange']) {
        window = null;
        depthZoom = null;
      } else {
        if (typeof x0 === 'number' && typeof x1 === 'number') {
          window = { t0: x0, t1: x1 };
          context.time?.setWindow({ start: x0, length: x1 - x0 }, token);
        }
        if (typeof y0 === 'number' && typeof y1 === 'number') {
          depthZoom = [y0, y1];
        }
        if (x0 === undefined && y0 === undefined) {
          return;
        }
      }
      void redraw();
    });
    // A click places the cursor; the end of a zoom drag is not a click.
    let pressed = { x: NaN, y: NaN };
    plot.addEventListener('mousedown', event => {
      pressed = { x: event.clientX, y: event.clientY };
    });
    plot.addEventListener('click', event => {
      if (
        Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) > 3
      ) {
        return;
      }
      const area = plot.getBoundingClientRect();
      const f =
        (event.clientX - area.left - MARGIN.l) /
        (area.width - MARGIN.l - MARGIN.r);
      if (!last || f < 0 || f > 1) {
        return;
      }
      const [a, b] = window
        ? [window.t0, window.t1]
        : [last.image.seen.t0, last.image.seen.t1];
      context.time?.setCursor(a + f * (b - a), token);
      void paint(last.progress);
    });
    const onTime = (_: unknown, change: ITimeChange) => {
      if (change.origin === token) {
        return;
      }
      const w = change.window;
      const next = w ? { t0: w.start, t1: w.start + w.length } : null;
      if (next?.t0 !== window?.t0 || next?.t1 !== window?.t1) {
        window = next;
        void redraw();
      } else if (last) {
        void paint(last.progress);
      }
    };
    const onFilter = (_: unknown, path: string) => {
      if (path === unitsPath) {
        void redraw();
      }
    };
    context.time?.changed.connect(onTime);
    context.rowFilter?.changed.connect(onFilter);
    context.signal.addEventListener('abort', () => {
      running?.abort();
      context.time?.changed.disconnect(onTime);
      context.rowFilter?.changed.disconnect(onFilter);
    });
    // A resized panel: the last image painted again at the new width (no new read), or
    // read again once the plot is much wider than the image's columns (details to gain).
    let width = plot.clientWidth;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const resized = new ResizeObserver(() => {
      if (!plot.isConnected || plot.clientWidth === width) {
        return;
      }
      width = plot.clientWidth;
      clearTimeout(settle);
      settle = setTimeout(() => {
        plotHost.resize();
        const cols = even(width - MARGIN.l - MARGIN.r);
        if (last && cols > 1.25 * readCols) {
          void redraw();
        } else if (last) {
          void paint(last.progress);
        }
      }, RESIZE_SETTLE_MS);
    });
    resized.observe(plot);
    context.signal.addEventListener('abort', () => {
      resized.disconnect();
      clearTimeout(settle);
    });
    probeBox.onchange = () => {
      last = null;
      whole = null;
      depthZoom = null;
      void redraw();
    };
    aggregateBox.onchange = () => last && void paint(last.progress);
    await draw();
  }
};

/** A probe's name from a text cell or an ElectrodeGroup reference (its last path part). */
function probeLabel(value: unknown): string {
  if (value && typeof value === 'object' && 'reference' in value) {
    const ref = (value as { reference: string | null }).reference;
    return ref ? ref.split('/').pop()! : '(unresolved)';
  }
  return formatValue(value);
}
