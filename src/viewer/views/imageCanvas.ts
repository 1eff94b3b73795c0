import type { IImageGeometry } from '../images/geometry';
import { h } from './dom';

/** Largest side a picture is drawn at on screen (it keeps its aspect). */
const MAX_SIDE = 640;

/**
 * A canvas drawing one picture pixel for pixel, scaled up without smoothing
 * (a 2×4 frame stays 8 visible pixels, not a blur). Pictures carry their
 * own colours, so the canvas needs no theme colours; its frame does.
 */
export class PictureCanvas {
  readonly element: HTMLCanvasElement;
  private geometry: IImageGeometry | null = null;

  constructor(testId: string) {
    this.element = h('canvas', {
      'data-testid': testId,
      style:
        'image-rendering: pixelated; border: 1px solid var(--jp-border-color2); display: block; max-width: 100%;'
    });
  }

  /** Draw RGBA pixels; `onHover` gets the pixel under the pointer. */
  draw(rgba: Uint8ClampedArray, geometry: IImageGeometry): void {
    const canvas = this.element;
    if (canvas.width !== geometry.cols || canvas.height !== geometry.rows) {
      canvas.width = geometry.cols;
      canvas.height = geometry.rows;
      const side = Math.max(geometry.rows, geometry.cols);
      // Small pictures grow by whole pixels; large ones shrink to fit.
      const scale =
        side > MAX_SIDE ? MAX_SIDE / side : Math.floor(MAX_SIDE / side);
      canvas.style.width = `${Math.round(geometry.cols * scale)}px`;
      canvas.style.height = `${Math.round(geometry.rows * scale)}px`;
    }
    this.geometry = geometry;
    const image = new ImageData(
      new Uint8ClampedArray(rgba),
      geometry.cols,
      geometry.rows
    );
    canvas.getContext('2d')?.putImageData(image, 0, 0);
    canvas.setAttribute('data-drawn', `${geometry.rows}x${geometry.cols}`);
  }

  /** Call `listener(row, col)` as the pointer moves over a pixel. */
  onHover(listener: (row: number, col: number) => void): void {
    this.element.addEventListener('mousemove', event => {
      const g = this.geometry;
      if (!g) {
        return;
      }
      const box = this.element.getBoundingClientRect();
      const col = Math.floor(((event.clientX - box.left) / box.width) * g.cols);
      const row = Math.floor(((event.clientY - box.top) / box.height) * g.rows);
      if (row >= 0 && row < g.rows && col >= 0 && col < g.cols) {
        listener(row, col);
      }
    });
  }
}
