import { autoContrast, toNumbers } from '../images/contrast';
import { imageGeometry, type IImageGeometry } from '../images/geometry';
import { toRgba } from '../images/rasterize';
import {
  extentOf,
  labelsFromImageMasks,
  labelsFromPixelMasks,
  type MaskEntry,
  NO_ROI,
  paintLabels,
  roisPerPage
} from '../images/roiMasks';
import { walkTree, type INeurodataNode } from '../model/tree';
import { labelled, numberBox, serialDraw } from './controls';
import { h, message } from './dom';
import { PictureCanvas } from './imageCanvas';
import { MAX_IMAGE_VALUES } from './imageView';
import { handlesType, type INwbView, type IViewContext } from './registry';

/** Mask values (or pixel-mask entries) read per page of ROIs at most. */
export const MAX_MASK_VALUES = 16 * 1024 * 1024;

const child = (node: INeurodataNode, name: string) =>
  node.children.find(c => c.name === name);

/** Names of summary images that make a good background, best first. */
const BACKGROUND_NAMES = [/mean/i, /ref/i, /avg|average/i, /max/i, /./];

/**
 * A 2-D Image dataset of the file to draw the ROIs over: one of `shape`
 * when the masks fix it (image_mask), else any; a mean image before others.
 */
export function backgroundFor(
  tree: INeurodataNode,
  shape?: [number, number]
): INeurodataNode | undefined {
  const images = [...walkTree(tree)].filter(
    n =>
      n.kind === 'dataset' &&
      n.ancestry.includes('Image') &&
      n.shape?.length === 2 &&
      (!shape || (n.shape[0] === shape[0] && n.shape[1] === shape[1]))
  );
  for (const name of BACKGROUND_NAMES) {
    const found = images.find(n => name.test(n.name));
    if (found) {
      return found;
    }
  }
  return undefined;
}

/**
 * PlaneSegmentation (and ImageSegmentation, its container) as ROI masks
 * over the mean or reference image: `image_mask` read a page of ROIs at a
 * time, `pixel_mask` / `voxel_mask` through their index, never the whole
 * table when it is large.
 */
export const planeSegmentationView: INwbView = {
  id: 'roi-masks',
  label: 'ROI masks',
  priority: 70,
  canHandle: handlesType('PlaneSegmentation', 'ImageSegmentation'),
  async render(host: HTMLElement, context: IViewContext) {
    const node = context.node.ancestry.includes('PlaneSegmentation')
      ? context.node
      : context.node.children.find(c =>
          c.ancestry.includes('PlaneSegmentation')
        );
    const cannot = (reason: string) => {
      const note = message(
        'info',
        `Cannot display ${context.node.path} as ROI masks because ${reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
    };
    if (!node) {
      return cannot('it holds no PlaneSegmentation');
    }
    if (node !== context.node) {
      const go = h('button', { class: 'jp-NwbViewer-link' }, node.name);
      go.onclick = () => context.select(node.path);
      host.append(h('h3', {}, go, ' PlaneSegmentation'));
    }
    const imageMask = child(node, 'image_mask');
    const pixelMask = child(node, 'pixel_mask') ?? child(node, 'voxel_mask');
    const pixelIndex = pixelMask && child(node, `${pixelMask.name}_index`);
    const maskShape = imageMask?.shape ?? [];
    if (imageMask && maskShape.length < 3) {
      return cannot(
        `its image_mask has shape [${maskShape.join(', ')}], not [roi, x, y]`
      );
    }
    if (!imageMask && !(pixelMask && pixelIndex)) {
      return cannot('it has neither image_mask nor an indexed pixel_mask');
    }
    const total = imageMask ? maskShape[0] : (pixelIndex!.shape?.[0] ?? 0);
    if (total === 0) {
      return cannot('it has no ROIs');
    }
    const background = backgroundFor(
      context.model.tree,
      imageMask ? [maskShape[1], maskShape[2]] : undefined
    );
    const ids = child(node, 'id');

    // The picture: the masks' own size, or the background's, or the extent of the pixels.
    let geometry: IImageGeometry | undefined = imageMask
      ? { rows: maskShape[1], cols: maskShape[2], colors: 1 }
      : background
        ? (
            imageGeometry(background.shape ?? []) as {
              geometry: IImageGeometry;
            }
          ).geometry
        : undefined;
    let backdrop: Float64Array | undefined;
    let range: [number, number] = [0, 1];
    if (
      background &&
      (background.shape ?? []).reduce((a, b) => a * b, 1) <= MAX_IMAGE_VALUES
    ) {
      backdrop = toNumbers(await context.read(background.path));
      range = autoContrast(backdrop);
    }

    const perPage = imageMask
      ? roisPerPage(geometry!, total, MAX_MASK_VALUES)
      : Math.min(total, 1000);
    const firstBox = numberBox('first ROI', 0, 1);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const hover = h('span', { class: 'jp-NwbViewer-range' });
    const canvas = new PictureCanvas('nwb-roi-masks');
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        total > perPage
          ? labelled(`ROIs from (${perPage} a page)`, firstBox)
          : null,
        status
      ),
      canvas.element,
      hover
    );
    let labels: Int32Array = new Int32Array(0);
    let roiIds: ArrayLike<number | bigint> = [];
    let first = 0;
    const draw = serialDraw(async () => {
      first = Math.max(
        0,
        Math.min(total - 1, Math.floor(Number(firstBox.value)) || 0)
      );
      firstBox.value = String(first);
      const end = Math.min(total, first + perPage);
      let note = '';
      if (imageMask) {
        const slice: [number, number][] = [
          [first, end],
          [0, maskShape[1]],
          [0, maskShape[2]]
        ];
        if (maskShape.length === 4) {
          // A volume's masks: the first plane, as nwbwidgets' planar view.
          slice.push([0, 1]);
          note = ' · plane 0 of the volume masks';
        }
        const masks = toNumbers(await context.read(imageMask.path, slice));
        labels = labelsFromImageMasks(masks, end - first, geometry!);
      } else {
        const index = await context.read(pixelIndex!.path, [
          [Math.max(0, first - 1), end]
        ]);
        const bounds = Array.from(index as ArrayLike<number | bigint>, Number);
        const start = first === 0 ? 0 : bounds[0];
        const stops = (first === 0 ? bounds : bounds.slice(1)).map(
          e => e - start
        );
        const count = stops[stops.length - 1] ?? 0;
        if (count > MAX_MASK_VALUES) {
          throw new Error(
            `ROIs ${first}–${end - 1} of ${node.path} hold ${count} mask pixels, more than the ${MAX_MASK_VALUES} read at once; pick fewer ROIs`
          );
        }
        const entries = (await context.read(pixelMask!.path, [
          [start, start + count]
        ])) as MaskEntry[];
        geometry ??= extentOf(entries);
        const found = labelsFromPixelMasks(entries, stops, geometry);
        labels = found.labels;
        if (found.outside) {
          note = ` · ${found.outside} mask pixels lie outside the ${geometry.rows} × ${geometry.cols} image`;
        }
      }
      roiIds = ids
        ? ((await context.read(ids.path, [[first, end]])) as ArrayLike<number>)
        : [];
      const base = backdrop
        ? toRgba(backdrop, geometry!, range[0], range[1])
        : toRgba(new Float64Array(labels.length), geometry!, 0, 1);
      canvas.draw(paintLabels(base, labels, first), geometry!);
      canvas.element.setAttribute('data-rois', String(end - first));
      status.textContent = `ROIs ${first}–${end - 1} of ${total} · ${geometry!.rows} × ${geometry!.cols} px${background ? ` over ${background.name}` : ''}${note}`;
    });
    canvas.onHover((row, col) => {
      const r = labels[row * geometry!.cols + col];
      hover.textContent =
        r === NO_ROI
          ? `x ${row}, y ${col}: no ROI`
          : `x ${row}, y ${col}: ROI row ${first + r}${roiIds.length ? ` (id ${roiIds[r]})` : ''}`;
    });
    firstBox.onchange = () => void draw();
    await draw();
  }
};
