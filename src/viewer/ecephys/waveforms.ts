/**
 * The waveforms of a SpikeEventSeries (`[event, sample]` or
 * `[event, channel, sample]`) read a page of events at a time and laid out
 * as one line per channel with NaN breaks between events, so a page of
 * hundreds of waveforms is one plot trace per channel.
 */
export interface IWaveformShape {
  readonly events: number;
  readonly channels: number;
  readonly samples: number;
}

export function waveformShape(
  shape: number[]
): { shape: IWaveformShape } | { reason: string } {
  if (shape.length === 2) {
    return { shape: { events: shape[0], channels: 1, samples: shape[1] } };
  }
  if (shape.length === 3) {
    return {
      shape: { events: shape[0], channels: shape[1], samples: shape[2] }
    };
  }
  return {
    reason: `its data has shape [${shape.join(', ')}]; waveforms need [event, sample] or [event, channel, sample]`
  };
}

/** Events read per page so a page holds at most `maxValues` values (at least one event). */
export function eventsPerPage(
  shape: IWaveformShape,
  maxEvents: number,
  maxValues: number
): number {
  const per = Math.floor(maxValues / (shape.channels * shape.samples));
  return Math.max(1, Math.min(shape.events, maxEvents, per));
}

/** One channel's waveforms of a page: x = sample index, NaN between events. */
export interface IChannelWaveforms {
  readonly channel: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * Lines of a page of `events` waveforms (C-ordered values of
 * `[events, channels, samples]`), scaled by `conversion` and `offset`.
 */
export function channelWaveforms(
  values: ArrayLike<number>,
  events: number,
  shape: IWaveformShape,
  conversion = 1,
  offset = 0
): IChannelWaveforms[] {
  const { channels, samples } = shape;
  const stride = samples + 1;
  return Array.from({ length: channels }, (_, c) => {
    const x = new Float64Array(events * stride);
    const y = new Float64Array(events * stride);
    for (let e = 0; e < events; e++) {
      const from = (e * channels + c) * samples;
      for (let s = 0; s < samples; s++) {
        x[e * stride + s] = s;
        y[e * stride + s] = Number(values[from + s]) * conversion + offset;
      }
      x[e * stride + samples] = NaN;
      y[e * stride + samples] = NaN;
    }
    return { channel: c, x, y };
  });
}
