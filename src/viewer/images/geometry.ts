import type { H5Slice } from '../model/source';

/**
 * How the values of one picture are laid out: `rows × cols` pixels of
 * `colors` values each (1 gray, 3 RGB, 4 RGBA), row-major, as HDF5 returns a
 * C-ordered slice. NWB names image axes `x, y`; like nwbwidgets and
 * neurosift we draw the first as rows and the second as columns, so masks
 * and frames of one file always line up with each other.
 */
export interface IImageGeometry {
  readonly rows: number;
  readonly cols: number;
  readonly colors: 1 | 3 | 4;
}

/** Why an array cannot be drawn as a picture, or its geometry. */
export type GeometryResult = { geometry: IImageGeometry } | { reason: string };

const colorCount = (n: number): 1 | 3 | 4 | undefined =>
  n === 3 || n === 4 ? n : undefined;

/**
 * Geometry of an `Image` dataset (`GrayscaleImage` `[x, y]`, `RGBImage`
 * `[x, y, 3]`, `RGBAImage` `[x, y, 4]`, or a plain `Image` of either).
 */
export function imageGeometry(shape: number[]): GeometryResult {
  if (shape.length === 2) {
    return { geometry: { rows: shape[0], cols: shape[1], colors: 1 } };
  }
  if (shape.length === 3 && colorCount(shape[2])) {
    return {
      geometry: {
        rows: shape[0],
        cols: shape[1],
        colors: colorCount(shape[2])!
      }
    };
  }
  return {
    reason: `its shape [${shape.join(', ')}] is not [x, y], [x, y, 3] or [x, y, 4]`
  };
}

/** The frames of an `ImageSeries`-like array: what one frame is and how many. */
export interface IFrameLayout {
  readonly frames: number;
  readonly geometry: IImageGeometry;
  /** Planes of a volume (`[frame, x, y, z]`); 1 for a flat movie. */
  readonly planes: number;
}

/**
 * Frames of `[frame, x, y]` (flat), `[frame, x, y, z]` (a volume, one plane
 * shown at a time) or, when `colorLast` (OpticalSeries, ImageSeries of a
 * colour camera), `[frame, x, y, 3|4]` (colour frames).
 */
export function frameLayout(
  shape: number[],
  colorLast: boolean
): { layout: IFrameLayout } | { reason: string } {
  if (shape.length < 3 || shape.length > 4) {
    return {
      reason: `its data has shape [${shape.join(', ')}]; frames need [frame, x, y] or [frame, x, y, z]`
    };
  }
  const [frames, rows, cols, last] = shape;
  if (frames === 0 || rows === 0 || cols === 0) {
    return { reason: `its data is empty (shape [${shape.join(', ')}])` };
  }
  if (shape.length === 3) {
    return {
      layout: { frames, planes: 1, geometry: { rows, cols, colors: 1 } }
    };
  }
  const colors = colorLast ? colorCount(last) : undefined;
  return colors
    ? { layout: { frames, planes: 1, geometry: { rows, cols, colors } } }
    : { layout: { frames, planes: last, geometry: { rows, cols, colors: 1 } } };
}

/**
 * The slice holding exactly one frame (and one plane of a volume): the only
 * read a frame view makes, so a 2 GB movie costs one frame per step.
 */
export function frameSlice(
  shape: number[],
  layout: IFrameLayout,
  frame: number,
  plane = 0
): H5Slice {
  const f = Math.max(0, Math.min(layout.frames - 1, Math.floor(frame)));
  const slice: H5Slice = [
    [f, f + 1],
    [0, shape[1]],
    [0, shape[2]]
  ];
  if (shape.length === 4) {
    const p = Math.max(0, Math.min(layout.planes - 1, Math.floor(plane)));
    slice.push(layout.geometry.colors === 1 ? [p, p + 1] : [0, shape[3]]);
  }
  return slice;
}

/** Values in one picture. */
export const pictureSize = (g: IImageGeometry): number =>
  g.rows * g.cols * g.colors;
