/**
 * Independent recomputation of a pose series' `data` (ndx-pose: [frames, 2] of x, y), written
 * from the release's definition and not from interfaces/pose.ts: row i is (x_i, y_i) of the
 * keypoint's `_x` / `_y` columns, both NaN where the likelihood is below the threshold (when
 * one is set). Comparing the file with it proves the layout (x before y, row order) as well.
 */
import { Recomputed } from '../expected';

export function recomputePoseXY(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  likelihood: ArrayLike<number>,
  threshold?: number
): Recomputed {
  const frames = x.length;
  const data = new Float64Array(frames * 2);
  for (let frame = 0; frame < frames; frame++) {
    const hidden = threshold !== undefined && likelihood[frame] < threshold;
    data[frame * 2] = hidden ? NaN : x[frame];
    data[frame * 2 + 1] = hidden ? NaN : y[frame];
  }
  return new Recomputed(
    threshold === undefined
      ? 'pose data = [frames, 2] rows of (x, y)'
      : `pose data = [frames, 2] rows of (x, y), NaN where likelihood < ${threshold}`,
    { values: data, shape: [frames, 2] }
  );
}
