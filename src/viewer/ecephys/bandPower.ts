/**
 * A DecompositionSeries window (`[time, channel, band]`, C order, one
 * channel read) as a band × time grid for a heat map: band 0 on the bottom
 * row, time binned to at most `columns` columns by the mean of each bin.
 */
export function bandTimeGrid(
  values: ArrayLike<number>,
  samples: number,
  bands: number,
  columns: number
): { grid: Float64Array; cols: number } {
  const cols = Math.max(1, Math.min(samples, columns));
  const grid = new Float64Array(bands * cols).fill(NaN);
  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * samples) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * samples) / cols));
    for (let b = 0; b < bands; b++) {
      let sum = 0;
      let n = 0;
      for (let s = from; s < to; s++) {
        const v = Number(values[s * bands + b]);
        if (Number.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      // Row 0 is the top of the picture: the highest band goes there.
      grid[(bands - 1 - b) * cols + c] = n ? sum / n : NaN;
    }
  }
  return { grid, cols };
}
