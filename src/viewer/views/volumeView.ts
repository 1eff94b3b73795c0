import { autoContrast, toNumbers } from '../images/contrast';
import { toRgba } from '../images/rasterize';
import type { INeurodataNode } from '../model/tree';
import {
  AXIS_NAMES,
  isVolumeShape,
  volumePlane,
  type VolumeAxis
} from '../volume/volumeSlice';
import { labelled, numberBox, selectBox, serialDraw } from './controls';
import { h, message } from './dom';
import { PictureCanvas } from './imageCanvas';
import { MAX_IMAGE_VALUES } from './imageView';
import { handlesType, type INwbView, type IViewContext } from './registry';

const isGrayscaleVolume = handlesType('GrayscaleVolume');
const isImage = handlesType('Image');

/** The 3-D array a node holds: its own values, or a GrayscaleVolume's `data`. */
function volumeData(node: INeurodataNode): INeurodataNode | undefined {
  if (node.kind === 'dataset') {
    return isImage(node) && isVolumeShape(node.shape) ? node : undefined;
  }
  const data = node.children.find(c => c.name === 'data');
  return isGrayscaleVolume(node) && data?.shape?.length === 3
    ? data
    : undefined;
}

/**
 * A 3-D volume (ndx-grayscalevolume's GrayscaleVolume, or any 3-D gray
 * `Image`) one plane at a time: a slider through the chosen axis, contrast
 * set automatically from the first plane drawn or typed in.
 */
export const volumeView: INwbView = {
  id: 'volume',
  label: 'Volume',
  // Above the image view, which cannot draw a 3-D gray picture.
  priority: 72,
  canHandle: node => !node.softLink && volumeData(node) !== undefined,
  async render(host: HTMLElement, context: IViewContext) {
    const data = volumeData(context.node)!;
    const shape = data.shape!;
    const axis = selectBox(
      'slice axis',
      AXIS_NAMES.map((name, d) => [String(d), `${name} (${shape[d]})`]),
      '2'
    );
    const plane = h('input', {
      type: 'range',
      min: 0,
      max: shape[2] - 1,
      value: Math.floor(shape[2] / 2),
      'aria-label': 'plane',
      class: 'jp-NwbViewer-slider'
    });
    const lo = numberBox('contrast low', 0);
    const hi = numberBox('contrast high', 1);
    const auto = h('button', { class: 'jp-NwbViewer-button' }, 'auto');
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const canvas = new PictureCanvas('nwb-volume');
    const hover = h('span', { class: 'jp-NwbViewer-range' });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        labelled('across', axis),
        labelled('plane', plane),
        labelled('contrast', lo),
        hi,
        auto,
        status
      ),
      canvas.element,
      hover
    );
    let contrastSet = false;
    let values: Float64Array = new Float64Array(0);
    let cols = 0;
    const draw = serialDraw(async () => {
      const d = Number(axis.value) as VolumeAxis;
      const { slice, geometry } = volumePlane(shape, d, Number(plane.value));
      if (geometry.rows * geometry.cols > MAX_IMAGE_VALUES) {
        status.replaceChildren(
          message(
            'info',
            `A plane across ${AXIS_NAMES[d]} holds ${geometry.rows * geometry.cols} values, more than the ${MAX_IMAGE_VALUES} the volume view reads at once; cut across another axis.`
          )
        );
        return;
      }
      values = toNumbers(await context.read(data.path, slice));
      cols = geometry.cols;
      if (!contrastSet) {
        const [a, b] = autoContrast(values);
        lo.value = String(+a.toPrecision(6));
        hi.value = String(+b.toPrecision(6));
        contrastSet = true;
      }
      canvas.draw(
        toRgba(values, geometry, Number(lo.value), Number(hi.value)),
        geometry
      );
      status.textContent = `${AXIS_NAMES[d]} = ${slice[d][0]} of ${shape[d]} · ${geometry.rows} × ${geometry.cols} px`;
      canvas.element.setAttribute(
        'data-plane',
        `${AXIS_NAMES[d]}${slice[d][0]}`
      );
    });
    canvas.onHover((row, col) => {
      hover.textContent = `row ${row}, column ${col}: ${+values[row * cols + col]?.toPrecision(6)}`;
    });
    axis.onchange = () => {
      const d = Number(axis.value);
      plane.max = String(shape[d] - 1);
      plane.value = String(Math.floor(shape[d] / 2));
      void draw();
    };
    plane.oninput = () => void draw();
    lo.onchange = hi.onchange = () => void draw();
    auto.onclick = () => {
      contrastSet = false;
      void draw();
    };
    await draw();
  }
};
