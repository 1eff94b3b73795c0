/** Stops of the viridis colour map (perceptually uniform, readable in both themes). */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37]
];

/** Viridis colour of `t` in [0, 1] (clamped), linear between stops. */
export function viridis(t: number): [number, number, number] {
  const x =
    Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return [0, 1, 2].map(k => Math.round(a[k] + (b[k] - a[k]) * f)) as [
    number,
    number,
    number
  ];
}

/**
 * RGBA pixels of a `rows × cols` heat map through viridis over `[lo, hi]`;
 * NaN cells transparent.
 */
export function heatmapRgba(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  lo: number,
  hi: number
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rows * cols * 4);
  const span = hi > lo ? hi - lo : 1;
  for (let p = 0; p < rows * cols; p++) {
    const v = values[p];
    if (Number.isNaN(v)) {
      continue;
    }
    const [r, g, b] = viridis((v - lo) / span);
    out.set([r, g, b, 255], p * 4);
  }
  return out;
}
