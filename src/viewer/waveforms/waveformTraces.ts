/**
 * A unit's mean waveform (± SD) → plot lines: each drawn channel's trace
 * placed at its electrode's position on the probe, time running across a
 * width a little under the contact spacing and amplitude scaled so the
 * largest trace spans about two rows of contacts. Without positions the
 * channels are stacked in stored order.
 */
import type { IPosition } from './geometry';

export interface IWaveformInput {
  /** `[sample][channel]`, in volts. */
  readonly mean: ArrayLike<number>;
  readonly sd: ArrayLike<number> | null;
  readonly samples: number;
  readonly channels: number;
  /** Channels to draw, peak first. */
  readonly drawn: readonly number[];
  /** Position of each channel (µm), or null to stack channels. */
  readonly positions: readonly IPosition[] | null;
}

export interface IChannelTrace {
  readonly channel: number;
  /** Mean line. */
  readonly x: number[];
  readonly y: number[];
  /** Closed ± SD band (upper then lower reversed), empty without SD. */
  readonly bandX: number[];
  readonly bandY: number[];
}

export interface IWaveformLayout {
  readonly traces: IChannelTrace[];
  /** µV per unit of the y axis (to label the scale). */
  readonly microvoltsPerUnit: number;
  /** Width of one trace on the x axis. */
  readonly traceWidth: number;
}

/** Smallest positive gap between distinct sorted values (fallback when none). */
function spacing(values: number[], fallback: number): number {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) {
    gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  }
  return Number.isFinite(gap) && gap > 0 ? gap : fallback;
}

export function waveformLayout(input: IWaveformInput): IWaveformLayout {
  const { mean, sd, samples, channels, drawn } = input;
  const at = (s: number, c: number) => mean[s * channels + c] * 1e6;
  const sdAt = (s: number, c: number) => (sd ? sd[s * channels + c] * 1e6 : 0);
  const places: IPosition[] = input.positions
    ? drawn.map(c => input.positions![c])
    : drawn.map((_c, i) => ({ x: 0, y: -i }));
  const dx = spacing(
    places.map(p => p.x),
    1
  );
  const dy = spacing(
    places.map(p => p.y),
    1
  );
  const traceWidth = 0.85 * dx;
  let span = 0;
  for (const c of drawn) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let s = 0; s < samples; s++) {
      lo = Math.min(lo, at(s, c) - sdAt(s, c));
      hi = Math.max(hi, at(s, c) + sdAt(s, c));
    }
    span = Math.max(span, hi - lo);
  }
  // The largest trace spans two rows of contacts.
  const microvoltsPerUnit = span > 0 ? span / (2 * dy) : 1;
  const traces = drawn.map((c, i) => {
    const { x: px, y: py } = places[i];
    const xs = Array.from(
      { length: samples },
      (_, s) =>
        px - traceWidth / 2 + (traceWidth * s) / Math.max(1, samples - 1)
    );
    const y = xs.map((_, s) => py + at(s, c) / microvoltsPerUnit);
    const upper = xs.map(
      (_, s) => py + (at(s, c) + sdAt(s, c)) / microvoltsPerUnit
    );
    const lower = xs.map(
      (_, s) => py + (at(s, c) - sdAt(s, c)) / microvoltsPerUnit
    );
    return {
      channel: c,
      x: xs,
      y,
      bandX: sd ? [...xs, ...[...xs].reverse()] : [],
      bandY: sd ? [...upper, ...lower.reverse()] : []
    };
  });
  return { traces, microvoltsPerUnit, traceWidth };
}
