/** One line of a spectrum plot: values against frequency. */
export interface ISpectrumLine {
  readonly name: string;
  readonly x: number[];
  readonly y: number[];
}

/**
 * The lines of an ndx-spectrum `power` or `phase` array (`[frequency]` or
 * `[frequency, channel]`, C order) against `frequencies`: one per channel, at
 * most `maxChannels`; non-finite values become gaps. Throws, naming the
 * mismatch, when the frequency axis and the array disagree.
 */
export function spectrumLines(
  frequencies: ArrayLike<number>,
  values: ArrayLike<number>,
  shape: readonly number[],
  maxChannels: number,
  channelNames?: readonly string[]
): ISpectrumLine[] {
  const rows = shape[0] ?? 0;
  const channels = shape.length > 1 ? shape[1] : 1;
  if (rows !== frequencies.length) {
    throw new Error(
      `it has ${rows} values per channel for ${frequencies.length} frequencies`
    );
  }
  const x = Array.from(frequencies, Number);
  const lines: ISpectrumLine[] = [];
  for (let c = 0; c < Math.min(channels, maxChannels); c++) {
    const y: number[] = [];
    for (let r = 0; r < rows; r++) {
      const v = Number(values[r * channels + c]);
      y.push(Number.isFinite(v) ? v : NaN);
    }
    lines.push({
      name: channelNames?.[c] ?? (channels > 1 ? `channel ${c}` : 'spectrum'),
      x,
      y
    });
  }
  return lines;
}

/** Whether every finite value is positive (a power spectrum then reads best on a log axis). */
export function allPositive(lines: readonly ISpectrumLine[]): boolean {
  return lines.every(l => l.y.every(v => !Number.isFinite(v) || v > 0));
}
