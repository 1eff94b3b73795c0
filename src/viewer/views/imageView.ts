import { pictureRange, toNumbers } from '../images/contrast';
import { imageGeometry, pictureSize } from '../images/geometry';
import { toRgba } from '../images/rasterize';
import type { INeurodataNode } from '../model/tree';
import { h, message } from './dom';
import { PictureCanvas } from './imageCanvas';
import { handlesType, type INwbView, type IViewContext } from './registry';

/** Values of one picture read whole at most (a 4096 × 4096 gray image). */
export const MAX_IMAGE_VALUES = 4096 * 4096;
/** Pictures drawn at most for one `Images` container (the tree reaches the others). */
const MAX_PICTURES = 12;

const isImage = handlesType('Image');

/**
 * Draw one `Image` dataset into `host`: gray pictures with an automatic
 * display range (0.5–99.5 %), colour pictures with the full range of their
 * type (0–255 for bytes) as stored.
 */
async function drawPicture(
  host: HTMLElement,
  node: INeurodataNode,
  context: IViewContext
): Promise<void> {
  const found = imageGeometry(node.shape ?? []);
  const cannot = (reason: string) => {
    const note = message(
      'info',
      `Cannot display ${node.path} as an image because ${reason}.`
    );
    note.setAttribute('data-testid', 'nwb-cannot-display');
    host.append(note);
  };
  if ('reason' in found) {
    return cannot(found.reason);
  }
  const geometry = found.geometry;
  if (pictureSize(geometry) > MAX_IMAGE_VALUES) {
    return cannot(
      `it holds ${pictureSize(geometry)} values, more than the ${MAX_IMAGE_VALUES} the image view reads`
    );
  }
  const values = toNumbers(await context.read(node.path));
  const [lo, hi] = pictureRange(values, geometry.colors, node.dtype);
  const canvas = new PictureCanvas('nwb-image');
  const hover = h('span', { class: 'jp-NwbViewer-range' });
  canvas.draw(toRgba(values, geometry, lo, hi), geometry);
  canvas.onHover((row, col) => {
    const at = (row * geometry.cols + col) * geometry.colors;
    hover.textContent = `x ${row}, y ${col}: ${Array.from(
      values.subarray(at, at + geometry.colors),
      v => +v.toPrecision(6)
    ).join(', ')}`;
  });
  host.append(
    h(
      'div',
      { class: 'jp-NwbViewer-range' },
      `${geometry.rows} × ${geometry.cols} px · display range ${+lo.toPrecision(4)} – ${+hi.toPrecision(4)}`
    ),
    canvas.element,
    hover
  );
}

/** GrayscaleImage, RGBImage, RGBAImage and plain Image datasets. */
export const imageView: INwbView = {
  id: 'image',
  label: 'Image',
  priority: 70,
  canHandle: node => isImage(node) && node.kind === 'dataset',
  render: (host, context) => drawPicture(host, context.node, context)
};

/** An `Images` container (segmentation means, summary images …): each picture. */
export const imagesView: INwbView = {
  id: 'images',
  label: 'Images',
  priority: 70,
  canHandle: handlesType('Images'),
  async render(host: HTMLElement, context: IViewContext) {
    const pictures = context.node.children.filter(
      c => isImage(c) && c.kind === 'dataset'
    );
    if (pictures.length === 0) {
      const note = message(
        'info',
        `Cannot display ${context.node.path} because it holds no Image datasets.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    if (pictures.length > MAX_PICTURES) {
      host.append(
        message(
          'info',
          `Showing the first ${MAX_PICTURES} of ${pictures.length} images; pick the others in the tree.`
        )
      );
    }
    for (const picture of pictures.slice(0, MAX_PICTURES)) {
      const section = h('section', {
        class: 'jp-NwbViewer-series',
        'data-path': picture.path
      });
      const title = h('button', { class: 'jp-NwbViewer-link' }, picture.name);
      title.onclick = () => context.select(picture.path);
      section.append(h('h3', {}, title, ` ${picture.neurodataType ?? ''}`));
      host.append(section);
      await drawPicture(section, picture, context);
    }
  }
};
