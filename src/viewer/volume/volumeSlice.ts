import type { IImageGeometry } from '../images/geometry';
import type { H5Slice } from '../model/source';

/** The axis a volume is cut across (NWB names a volume's axes x, y, z). */
export type VolumeAxis = 0 | 1 | 2;

export const AXIS_NAMES = ['x', 'y', 'z'] as const;

/**
 * The HDF5 selection and picture geometry of plane `index` of a 3-D volume
 * cut across `axis`: the two other axes, in their order, become the
 * picture's rows and columns (a z plane shows x as rows, y as columns, as
 * the image view draws a 2-D [x, y] picture).
 */
export function volumePlane(
  shape: readonly number[],
  axis: VolumeAxis,
  index: number
): { slice: H5Slice; geometry: IImageGeometry } {
  if (shape.length !== 3) {
    throw new Error(`a volume has 3 axes, not ${shape.length}`);
  }
  const at = Math.max(0, Math.min(shape[axis] - 1, Math.round(index)));
  const slice: H5Slice = shape.map((size, d) =>
    d === axis ? [at, at + 1] : [0, size]
  );
  const [rows, cols] = shape.filter((_, d) => d !== axis);
  return { slice, geometry: { rows, cols, colors: 1 } };
}

/**
 * Whether a 3-D `Image`-typed array is a volume rather than a colour picture
 * (`[x, y, 3]` RGB and `[x, y, 4]` RGBA are pictures).
 */
export const isVolumeShape = (shape: readonly number[] | null | undefined) =>
  !!shape && shape.length === 3 && shape[2] !== 3 && shape[2] !== 4;
