/**
 * The release's 1 kHz wheel traces (brainbox `interpolate_position` and
 * `velocity_filtered`): linear interpolation onto a regular grid, then an
 * 8th-order Butterworth low-pass (20 Hz) applied forwards and backwards
 * (scipy `sosfiltfilt`, odd padding) before differentiating. Pure functions.
 */

/** Second-order sections: [b0, b1, b2, 1, a1, a2] each. */
export type Sos = Float64Array[];

/** Positions sampled every 1/rate s from the first timestamp, as np.arange does. */
export function interpolateRegular(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  rate: number
): { start: number; values: Float64Array } {
  const t0 = times[0];
  const last = times[times.length - 1];
  let n = Math.max(0, Math.ceil((last - t0) * rate));
  while (n > 0 && t0 + (n - 1) / rate > last) {
    n--;
  }
  const out = new Float64Array(n);
  let j = 0;
  for (let k = 0; k < n; k++) {
    const t = t0 + k / rate;
    while (j < times.length - 2 && times[j + 1] <= t) {
      j++;
    }
    const span = times[j + 1] - times[j];
    const f = span > 0 ? (t - times[j]) / span : 0;
    out[k] = values[j] + f * (values[j + 1] - values[j]);
  }
  return { start: t0, values: out };
}

/** Digital Butterworth low-pass as second-order sections (bilinear transform, as scipy.signal.butter). */
export function butterLowpass(order: number, wn: number): Sos {
  if (order % 2 !== 0) {
    throw new RangeError('only even orders are supported');
  }
  const warped = 4 * Math.tan((Math.PI * wn) / 2);
  let gainRe = Math.pow(warped, order);
  const sections: Sos = [];
  for (let m = 1; m < order; m += 2) {
    // Analog prototype pole in the upper half plane, scaled to the cut-off.
    const theta = (Math.PI * m) / (2 * order);
    const pr = -Math.cos(theta) * warped;
    const pi = Math.sin(theta) * warped;
    // z = (4 + p) / (4 - p)
    const dr = 4 - pr;
    const di = -pi;
    const den = dr * dr + di * di;
    const nr = 4 + pr;
    const ni = pi;
    const zr = (nr * dr + ni * di) / den;
    const zi = (ni * dr - nr * di) / den;
    sections.push(Float64Array.of(1, 2, 1, 1, -2 * zr, zr * zr + zi * zi));
    // The gain divides by (4 - p) for the pole and its conjugate: |4 - p|².
    const scale = 1 / den;
    gainRe *= scale;
  }
  for (const b of sections.slice(0, 1)) {
    b[0] *= gainRe;
    b[1] *= gainRe;
    b[2] *= gainRe;
  }
  return sections;
}

/** Steady-state initial conditions of each section for a unit step (scipy sosfilt_zi). */
function sosZi(sos: Sos): Float64Array[] {
  let scale = 1;
  return sos.map(s => {
    const [b0, b1, b2, , a1, a2] = s;
    // Solve [[1 + a1, -1], [a2, 1]] zi = [b1 - a1 b0, b2 - a2 b0].
    const r0 = b1 - a1 * b0;
    const r1 = b2 - a2 * b0;
    const z0 = (r0 + r1) / (1 + a1 + a2);
    const z1 = r1 - a2 * z0;
    const zi = Float64Array.of(z0 * scale, z1 * scale);
    scale *= (b0 + b1 + b2) / (1 + a1 + a2);
    return zi;
  });
}

/** Direct form II transposed, section after section, in place. */
function sosFilt(
  sos: Sos,
  x: Float64Array,
  zi: Float64Array[],
  x0: number
): void {
  sos.forEach((s, k) => {
    const [b0, b1, b2, , a1, a2] = s;
    let z0 = zi[k][0] * x0;
    let z1 = zi[k][1] * x0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const y = b0 * xi + z0;
      z0 = b1 * xi - a1 * y + z1;
      z1 = b2 * xi - a2 * y;
      x[i] = y;
    }
  });
}

/** Zero-phase filtering with scipy's default odd padding of 3 (2 sections + 1) samples. */
export function sosFiltFilt(sos: Sos, x: ArrayLike<number>): Float64Array {
  const pad = 3 * (2 * sos.length + 1);
  const n = x.length;
  if (n <= pad) {
    throw new RangeError(
      `${n} samples are too few to filter (need more than ${pad})`
    );
  }
  const ext = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) {
    ext[i] = 2 * x[0] - x[pad - i];
    ext[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
  }
  for (let i = 0; i < n; i++) {
    ext[pad + i] = x[i];
  }
  const zi = sosZi(sos);
  sosFilt(sos, ext, zi, ext[0]);
  ext.reverse();
  sosFilt(sos, ext, zi, ext[0]);
  ext.reverse();
  return ext.slice(pad, pad + n);
}

/** Differences scaled by the rate, with a leading 0 (np.insert(np.diff(x), 0, 0) * fs). */
export function derivative(x: ArrayLike<number>, rate: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 1; i < x.length; i++) {
    out[i] = (x[i] - x[i - 1]) * rate;
  }
  return out;
}

/** brainbox velocity_filtered: velocity and acceleration of uniformly sampled positions. */
export function velocityFiltered(
  position: ArrayLike<number>,
  rate: number,
  cornerHz = 20,
  order = 8
): { velocity: Float64Array; acceleration: Float64Array } {
  const filtered = sosFiltFilt(
    butterLowpass(order, (2 * cornerHz) / rate),
    position
  );
  const velocity = derivative(filtered, rate);
  return { velocity, acceleration: derivative(velocity, rate) };
}
