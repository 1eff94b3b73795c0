import { imageAt, indexTarget, nearestSample } from '../indexed/indexedImage';
import { pictureRange, toNumbers } from '../images/contrast';
import { frameSlice } from '../images/geometry';
import { toRgba } from '../images/rasterize';
import { findNode } from '../model/tree';
import { labelled, numberBox, serialDraw } from './controls';
import { h, message } from './dom';
import { PictureCanvas } from './imageCanvas';
import { seriesFrames } from './imageSeriesView';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { seriesLayout } from '../series/seriesData';

/** Index samples plotted at most (a longer series is clipped, and says so). */
const MAX_SAMPLES = 200_000;

const isIndexSeries = handlesType('IndexSeries');

/**
 * IndexSeries: the index over time and, below, the image it points at for
 * the chosen sample (a click on the plot, the sample box, or the tab's time
 * cursor), from `indexed_images` (NWB ≥ 2.5) or the older
 * `indexed_timeseries` frames.
 */
export const indexSeriesView: INwbView = {
  id: 'indexed',
  label: 'Index and image',
  priority: 62,
  canHandle: isIndexSeries,
  async render(host: HTMLElement, context: IViewContext) {
    const node = context.node;
    const cannot = (where: HTMLElement, reason: string) => {
      const note = message(
        'info',
        `Cannot display ${node.path} with its images because ${reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      where.replaceChildren(note);
    };
    const found = await seriesLayout(context.source, node);
    if ('reason' in found) {
      return cannot(host, found.reason);
    }
    const layout = found.layout;
    const length = Math.min(layout.shape[0], MAX_SAMPLES);
    const index = toNumbers(await context.read(layout.dataPath, [[0, length]]));
    const axis = layout.axis;
    const times =
      axis.kind === 'rate'
        ? Float64Array.from({ length }, (_, i) => axis.start + i / axis.rate)
        : layout.timestampsPath
          ? toNumbers(await context.read(layout.timestampsPath, [[0, length]]))
          : Float64Array.from({ length }, (_, i) => i);
    const target = indexTarget(node, p => findNode(context.model.tree, p));
    const order =
      target.kind === 'images' && target.orderPath
        ? (
            (await context.read(target.orderPath)) as {
              reference?: string | null;
            }[]
          ).map(r => r?.reference ?? null)
        : null;

    const sample = numberBox('sample', 0, 1);
    sample.min = '0';
    sample.max = String(length - 1);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-plot'
    });
    const picture = h('div', { 'data-testid': 'nwb-indexed-image' });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        labelled('sample', sample),
        status
      ),
      plot,
      picture
    );
    const plotHost = new PlotHost(plot, context.signal);
    const showImage = async (i: number) => {
      const value = index[i];
      if (target.kind === 'none') {
        return cannot(picture, target.reason);
      }
      if (target.kind === 'frames') {
        const frames = await seriesFrames(
          context.source,
          findNode(context.model.tree, target.series)!
        );
        if ('reason' in frames) {
          return cannot(picture, frames.reason);
        }
        const values = toNumbers(
          await context.read(
            frames.dataPath,
            frameSlice(frames.shape, frames.layout, value)
          )
        );
        const geometry = frames.layout.geometry;
        const [lo, hi] = pictureRange(values, geometry.colors, undefined);
        const canvas = new PictureCanvas('nwb-image');
        canvas.draw(toRgba(values, geometry, lo, hi), geometry);
        picture.replaceChildren(
          h('div', {}, `frame ${value} of ${target.series}`),
          canvas.element
        );
        return;
      }
      const image = imageAt(value, order, target.images);
      if ('reason' in image) {
        return cannot(picture, image.reason);
      }
      const title = h('button', { class: 'jp-NwbViewer-link' }, image.path);
      title.onclick = () => context.select(image.path);
      const drawn = h('div');
      picture.replaceChildren(h('div', {}, `image ${value}: `, title), drawn);
      picture.setAttribute('data-image', image.path);
      if (context.renderView) {
        await context.renderView(drawn, image.path, 'image');
      }
    };
    const draw = serialDraw(async () => {
      const i = Math.max(
        0,
        Math.min(length - 1, Math.round(Number(sample.value)))
      );
      status.textContent = `t = ${+times[i].toPrecision(8)} s, index ${index[i]}${
        length < layout.shape[0] ? ` (first ${length} samples plotted)` : ''
      }`;
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      await plotHost.react(
        [
          {
            type: 'scatter',
            mode: 'lines+markers',
            line: { shape: 'hv', width: 1 },
            marker: { size: 4 },
            x: Array.from(times),
            y: Array.from(index)
          }
        ],
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          height: 220,
          xaxis: { ...axis, title: { text: 'time (s)' } },
          yaxis: { ...axis, title: { text: 'index' } },
          shapes: [
            {
              type: 'line',
              x0: times[i],
              x1: times[i],
              yref: 'paper',
              y0: 0,
              y1: 1,
              line: { dash: 'dot', width: 1 }
            }
          ]
        },
        { responsive: true, displaylogo: false }
      );
      listenForClicks();
      await showImage(i);
    });
    // A click on a sample of the plot picks it (plotly gives `on` once drawn).
    let listening = false;
    const listenForClicks = () => {
      const events = plot as HTMLElement & {
        on?: (
          name: string,
          f: (e: { points?: { pointIndex: number }[] }) => void
        ) => void;
      };
      if (!listening && events.on) {
        listening = true;
        events.on('plotly_click', event => {
          const point = event.points?.[0]?.pointIndex;
          if (point !== undefined) {
            pick(point);
          }
        });
      }
    };
    const pick = (i: number) => {
      sample.value = String(i);
      context.time?.setCursor(times[i], indexSeriesView);
      void draw();
    };
    sample.onchange = () => pick(Number(sample.value));
    const follow = (
      _: unknown,
      change: { cursor: number | null; origin: unknown }
    ) => {
      if (change.origin !== indexSeriesView && change.cursor !== null) {
        sample.value = String(nearestSample(times, change.cursor));
        void draw();
      }
    };
    context.time?.changed.connect(follow);
    context.signal.addEventListener('abort', () =>
      context.time?.changed.disconnect(follow)
    );
    const cursor = context.time?.cursor;
    if (cursor !== undefined && cursor !== null) {
      sample.value = String(nearestSample(times, cursor));
    }
    await draw();
  }
};
