import { autoContrast, toNumbers } from '../images/contrast';
import {
  frameLayout,
  frameSlice,
  pictureSize,
  type IFrameLayout
} from '../images/geometry';
import { toRgba } from '../images/rasterize';
import type { IH5Source } from '../model/source';
import { asTextList } from '../model/text';
import type { INeurodataNode } from '../model/tree';
import { button, labelled, numberBox, serialDraw } from './controls';
import { h, message } from './dom';
import { PictureCanvas } from './imageCanvas';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { timeAxis } from '../series/seriesData';
import type { TimeAxis } from '../series/timeAxis';

/** Values in one frame at most (a 4096 × 4096 frame); larger frames are refused. */
export const MAX_FRAME_VALUES = 4096 * 4096;
/** Frames per second while playing. */
const PLAY_FPS = 10;

/** Types whose 4-D frames are colour frames, not volumes. */
const COLOR_SERIES = ['OpticalSeries'];

const child = (node: INeurodataNode, name: string) =>
  node.children.find(c => c.name === name);

/** What a frame view needs to know of an ImageSeries, or why it cannot show it. */
export async function seriesFrames(
  source: IH5Source,
  node: INeurodataNode
): Promise<
  | { dataPath: string; shape: number[]; layout: IFrameLayout; axis: TimeAxis }
  | { reason: string }
> {
  const data = child(node, 'data');
  const external = child(node, 'external_file');
  const externalNote = async () => {
    const files = asTextList(await source.read(external!.path));
    return `its frames are in external file(s) ${files.join(', ')} (the viewer shows frames stored in the NWB file)`;
  };
  if (!data) {
    return {
      reason: external ? await externalNote() : 'it has no data dataset'
    };
  }
  const info = await source.info(data.path);
  const shape = info.shape ?? [];
  if (external && (shape.length === 0 || shape[0] === 0)) {
    return { reason: await externalNote() };
  }
  if (!['integer', 'float', 'enum'].includes(info.typeClass)) {
    return { reason: `its data holds ${info.typeClass} values, not numbers` };
  }
  const found = frameLayout(
    shape,
    node.ancestry.some(t => COLOR_SERIES.includes(t))
  );
  if ('reason' in found) {
    return found;
  }
  if (pictureSize(found.layout.geometry) > MAX_FRAME_VALUES) {
    return {
      reason: `one frame holds ${pictureSize(found.layout.geometry)} values, more than the ${MAX_FRAME_VALUES} the frame view reads at once`
    };
  }
  return {
    dataPath: data.path,
    shape,
    layout: found.layout,
    axis: await timeAxis(source, node, found.layout.frames)
  };
}

async function frameTime(axis: TimeAxis, frame: number): Promise<string> {
  switch (axis.kind) {
    case 'rate':
      return `${(axis.start + frame / axis.rate).toFixed(3)} s`;
    case 'timestamps':
      return `${(await axis.at(frame)).toFixed(3)} s`;
    case 'index':
      return `frame ${frame}`;
  }
}

/**
 * ImageSeries and its subtypes (TwoPhotonSeries, OnePhotonSeries,
 * OpticalSeries, ImageMaskSeries, IndexSeries' images …) as a frame player:
 * each step reads exactly one frame (one plane of a volume) in the worker.
 */
export const imageSeriesView: INwbView = {
  id: 'frames',
  label: 'Frames',
  priority: 70,
  canHandle: handlesType('ImageSeries'),
  async render(host: HTMLElement, context: IViewContext) {
    const found = await seriesFrames(context.source, context.node);
    const path = context.node.path;
    if (
      'reason' in found &&
      child(context.node, 'external_file') &&
      context.renderView &&
      context.viewIdsFor?.(path).includes('video')
    ) {
      // frames in movie files: the movie player (view `video`) plays them
      await context.renderView(host, path, 'video');
      return;
    }
    if ('reason' in found) {
      const note = message(
        'info',
        `Cannot display ${context.node.path} as frames because ${found.reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const { layout, shape, axis } = found;
    const slider = h('input', {
      type: 'range',
      min: 0,
      max: layout.frames - 1,
      value: 0,
      step: 1,
      'aria-label': 'frame slider',
      class: 'jp-NwbViewer-slider'
    });
    const frameBox = numberBox('frame', 0, 1);
    const planeBox = numberBox('plane', 0, 1);
    const lowBox = numberBox('display minimum', 0);
    const highBox = numberBox('display maximum', 1);
    const auto = button('auto', 'Contrast from this frame (0.5–99.5 %)');
    const play = button('▶ play', `Play at ${PLAY_FPS} frames per second`);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const hover = h('span', { class: 'jp-NwbViewer-range' });
    const canvas = new PictureCanvas('nwb-frame');
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        play,
        slider,
        labelled(`frame (of ${layout.frames})`, frameBox),
        layout.planes > 1
          ? labelled(`plane (of ${layout.planes})`, planeBox)
          : null,
        labelled('min', lowBox),
        labelled('max', highBox),
        auto,
        status
      ),
      canvas.element,
      hover
    );

    let values: Float64Array = new Float64Array(0);
    let contrastSet = false;
    const paint = () =>
      canvas.draw(
        toRgba(
          values,
          layout.geometry,
          Number(lowBox.value),
          Number(highBox.value)
        ),
        layout.geometry
      );
    const setAuto = () => {
      const [lo, hi] = autoContrast(values);
      lowBox.value = String(lo);
      highBox.value = String(hi);
    };
    const draw = serialDraw(async () => {
      const frame = Math.max(
        0,
        Math.min(layout.frames - 1, Math.floor(Number(frameBox.value)) || 0)
      );
      frameBox.value = slider.value = String(frame);
      const plane = Number(planeBox.value) || 0;
      values = toNumbers(
        await context.read(
          found.dataPath,
          frameSlice(shape, layout, frame, plane)
        )
      );
      if (!contrastSet) {
        // The first frame sets the range; later frames keep it, so a movie
        // does not flicker as each frame rescales itself.
        setAuto();
        contrastSet = true;
      }
      paint();
      status.textContent = `${layout.geometry.rows} × ${layout.geometry.cols} px · ${await frameTime(axis, frame)}`;
      canvas.element.setAttribute('data-frame', String(frame));
    });
    canvas.onHover((row, col) => {
      const at = (row * layout.geometry.cols + col) * layout.geometry.colors;
      const shown = Array.from(
        values.subarray(at, at + layout.geometry.colors)
      );
      hover.textContent = `x ${row}, y ${col}: ${shown.map(v => +v.toPrecision(6)).join(', ')}`;
    });
    slider.oninput = () => {
      frameBox.value = slider.value;
      void draw();
    };
    frameBox.onchange = planeBox.onchange = () => void draw();
    lowBox.onchange = highBox.onchange = paint;
    auto.onclick = () => {
      setAuto();
      paint();
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
      play.textContent = '▶ play';
    };
    play.onclick = () => {
      if (timer !== undefined) {
        stop();
        return;
      }
      play.textContent = '⏸ pause';
      let busy = false;
      timer = setInterval(() => {
        // A slow read skips ticks rather than queueing frames behind it.
        if (busy) {
          return;
        }
        busy = true;
        const next = (Number(frameBox.value) + 1) % layout.frames;
        frameBox.value = String(next);
        void draw().finally(() => (busy = false));
      }, 1000 / PLAY_FPS);
    };
    context.signal.addEventListener('abort', stop);
    await draw();
  }
};
