import type { INwbFileModel } from '../model/nwbFile';
import { findNode } from '../model/tree';
import { asText } from '../model/text';
import type { ISeriesSpan, ISweep, Reader } from './sweepGroups';

/** Samples read per series at most (a sweep longer than this is clipped, and says so). */
export const MAX_SWEEP_SAMPLES = 2_000_000;

/** One channel of a sweep: values in the series' unit, times from the span's first sample. */
export interface IChannelSamples {
  readonly path: string;
  readonly values: Float64Array;
  /** Seconds from the span's first sample. */
  readonly times: Float64Array;
  readonly unit: string;
  readonly clipped: boolean;
}

export interface ISweepSamples {
  readonly label: string;
  readonly stimulus?: IChannelSamples;
  readonly response?: IChannelSamples;
}

const num = (value: unknown, fallback: number): number => {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(n) ? n : fallback;
};

/** Read one span of a PatchClampSeries, scaled by its conversion and offset. */
export async function readSpan(
  model: INwbFileModel,
  read: Reader,
  span: ISeriesSpan
): Promise<IChannelSamples> {
  const series = findNode(model.tree, span.path);
  const data = series?.children.find(c => c.name === 'data');
  const length = data?.shape?.[0];
  if (!series || !data || length === undefined) {
    throw new Error(`${span.path} has no data to plot`);
  }
  const start = Math.max(0, span.start);
  const wanted = span.count < 0 ? length - start : span.count;
  const count = Math.max(
    0,
    Math.min(wanted, length - start, MAX_SWEEP_SAMPLES)
  );
  const raw = count
    ? await read(data.path, [[start, start + count]])
    : new Float64Array(0);
  const conversion = num(data.attrs.conversion, 1);
  const offset = num(data.attrs.offset, 0);
  const values = Float64Array.from(
    raw as ArrayLike<number | bigint>,
    v => Number(v) * conversion + offset
  );
  const starting = series.children.find(c => c.name === 'starting_time');
  const stamps = series.children.find(c => c.name === 'timestamps');
  let times: Float64Array;
  if (starting) {
    const rate = num(starting.attrs.rate, NaN);
    if (!(rate > 0)) {
      throw new Error(`${starting.path} has no positive "rate" attribute`);
    }
    times = Float64Array.from({ length: count }, (_, i) => i / rate);
  } else if (stamps && count) {
    const t = Float64Array.from(
      (await read(stamps.path, [[start, start + count]])) as ArrayLike<number>,
      Number
    );
    times = t.map(v => v - t[0]);
  } else {
    throw new Error(`${span.path} has neither starting_time nor timestamps`);
  }
  return {
    path: span.path,
    values,
    times,
    unit: asText(data.attrs.unit) || '?',
    clipped: count < wanted
  };
}

/** Read the stimulus and response of each sweep. */
export async function readSweeps(
  model: INwbFileModel,
  read: Reader,
  sweeps: ISweep[]
): Promise<ISweepSamples[]> {
  return Promise.all(
    sweeps.map(async sweep => ({
      label: sweep.label,
      stimulus: sweep.stimulus
        ? await readSpan(model, read, sweep.stimulus)
        : undefined,
      response: sweep.response
        ? await readSpan(model, read, sweep.response)
        : undefined
    }))
  );
}
