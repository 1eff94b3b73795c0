/** A window of a SpatialSeries as x–y points, thinned to at most `maxPoints`. */
export interface ITrajectory {
  readonly x: number[];
  readonly y: number[];
  /** Sample index (within the window) of each kept point, for its time. */
  readonly index: number[];
}

/**
 * Pairs of the first two columns of `rows × cols` values (C order), kept
 * every k-th row so x and y stay paired (min/max decimation would mix
 * samples), NaN samples (tracking lost) dropped, scaled by `conversion`
 * and `offset`.
 */
export function trajectory(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  maxPoints: number,
  conversion = 1,
  offset = 0
): ITrajectory {
  const stride = Math.max(1, Math.ceil(rows / Math.max(1, maxPoints)));
  const out: ITrajectory = { x: [], y: [], index: [] };
  for (let r = 0; r < rows; r += stride) {
    const x = Number(values[r * cols]);
    const y = Number(values[r * cols + 1]);
    if (Number.isFinite(x) && Number.isFinite(y)) {
      out.x.push(x * conversion + offset);
      out.y.push(y * conversion + offset);
      out.index.push(r);
    }
  }
  return out;
}
