/**
 * Which electrode each channel of a unit's mean waveform is, and which
 * channels to draw: the peak channel and its neighbours on the probe.
 *
 * NWB stores `waveform_mean` as `[units, samples]` or `[units, samples,
 * electrodes]` without saying which electrodes the last axis holds; what
 * writers do (pynwb's docs, the AllenSDK, SpikeInterface) is one of: the
 * unit's own `electrodes` list in order, every electrode of the table, or
 * every electrode of the unit's probe. Any other count cannot be placed
 * on the probe without guessing, so it is not.
 */

export interface IChannelSources {
  /** Channels on the waveform's last axis. */
  readonly channels: number;
  /** The unit's `electrodes` rows, in order (null without that column). */
  readonly unitElectrodes: readonly number[] | null;
  /** Rows of the unit's probe (electrode group) in the electrodes table (null if unknown). */
  readonly probeRows: readonly number[] | null;
  /** Rows of the electrodes table. */
  readonly tableRows: number;
}

/** Electrode row of each waveform channel, or why they cannot be told. */
export function waveformElectrodes(
  s: IChannelSources
): { rows: number[]; rule: string } | { reason: string } {
  if (s.unitElectrodes && s.unitElectrodes.length === s.channels) {
    return {
      rows: [...s.unitElectrodes],
      rule: "the unit's electrodes, in order"
    };
  }
  if (s.probeRows && s.probeRows.length === s.channels) {
    return {
      rows: [...s.probeRows],
      rule: "every electrode of the unit's probe"
    };
  }
  if (s.tableRows === s.channels) {
    return {
      rows: Array.from({ length: s.channels }, (_, i) => i),
      rule: 'every electrode of the table'
    };
  }
  const counts = [
    s.unitElectrodes
      ? `the unit's electrodes list has ${s.unitElectrodes.length}`
      : 'the units table has no electrodes column',
    s.probeRows ? `its probe has ${s.probeRows.length}` : null,
    `the electrodes table has ${s.tableRows}`
  ].filter(Boolean);
  return {
    reason: `its waveform_mean has ${s.channels} channels per unit while ${counts.join(', ')}, so which electrode each channel is cannot be told (the writer should list the waveform's channels, in order, in the unit's electrodes)`
  };
}

/** The channel whose waveform has the largest peak-to-peak amplitude (values `[sample][channel]`). */
export function peakChannel(
  values: ArrayLike<number>,
  samples: number,
  channels: number
): number {
  let best = 0;
  let bestSpan = -Infinity;
  for (let c = 0; c < channels; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let s = 0; s < samples; s++) {
      const v = values[s * channels + c];
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
    if (hi - lo > bestSpan) {
      bestSpan = hi - lo;
      best = c;
    }
  }
  return best;
}

export interface IPosition {
  readonly x: number;
  readonly y: number;
}

/**
 * Channels within `radius` of channel `peak` (itself first), nearest first,
 * ties by channel; channels without a finite position are left out.
 */
export function neighbours(
  positions: readonly IPosition[],
  peak: number,
  radius: number
): number[] {
  const p = positions[peak];
  const near: [number, number][] = [];
  positions.forEach((q, c) => {
    const d = Math.hypot(q.x - p.x, q.y - p.y);
    if (Number.isFinite(d) && d <= radius) {
      near.push([d, c]);
    }
  });
  if (!near.some(([, c]) => c === peak)) {
    near.push([0, peak]);
  }
  return near.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, c]) => c);
}
