import type { IH5Source } from '../model/source';
import { asNumber, asText } from '../model/text';
import type { INeurodataNode } from '../model/tree';
import { decimateMinMax } from './decimate';
import { indexRange, type TimeAxis } from './timeAxis';

/** Where a TimeSeries keeps its samples and how to turn them into physical values. */
export interface ISeriesLayout {
  readonly dataPath: string;
  /** `[time]` or `[time, channels]`. */
  readonly shape: number[];
  readonly unit: string;
  readonly conversion: number;
  readonly offset: number;
  readonly axis: TimeAxis;
  readonly timestampsPath?: string;
}

/** Why a TimeSeries cannot be plotted (shown to the user), or its layout. */
export type SeriesLayoutResult = { layout: ISeriesLayout } | { reason: string };

const child = (node: INeurodataNode, name: string) =>
  node.children.find(c => c.name === name);

export async function seriesLayout(
  source: IH5Source,
  node: INeurodataNode
): Promise<SeriesLayoutResult> {
  const data = child(node, 'data');
  if (!data) {
    return { reason: 'it has no data dataset' };
  }
  if (data.externalLink) {
    return {
      reason: `its data is in another file (${data.externalLink.file})`
    };
  }
  const info = await source.info(data.path);
  const shape = info.shape ?? [];
  if (info.typeClass !== 'integer' && info.typeClass !== 'float') {
    return { reason: `its data holds ${info.typeClass} values, not numbers` };
  }
  if (shape.length === 0 || shape.length > 2) {
    return {
      reason: `its data has ${shape.length} dimensions (shape [${shape.join(', ')}]); the line plot needs 1 or 2`
    };
  }
  if (shape[0] === 0) {
    return {
      reason:
        'its data is empty (0 samples), e.g. frames kept in an external file'
    };
  }
  // Soft-linked data carries its attributes at the target; read them there.
  const attrs = data.softLink
    ? ((await source.list(parentOf(data.softLink))).find(
        e => e.path === data.softLink
      )?.attrs ?? {})
    : data.attrs;
  const length = shape[0];
  return {
    layout: {
      dataPath: data.path,
      shape,
      unit: asText(attrs.unit) ?? '',
      conversion: asNumber(attrs.conversion) ?? 1,
      offset: asNumber(attrs.offset) ?? 0,
      axis: await timeAxis(source, node, length),
      timestampsPath: child(node, 'timestamps')?.path
    }
  };
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** When each of a series' `length` samples was taken. */
export async function timeAxis(
  source: IH5Source,
  node: INeurodataNode,
  length: number
): Promise<TimeAxis> {
  const starting = child(node, 'starting_time');
  const timestamps = child(node, 'timestamps');
  if (starting) {
    const start = asNumber(await source.read(starting.path));
    const rate = asNumber(starting.attrs.rate);
    if (rate && rate > 0) {
      // A NaN start (seen in real files) is treated as 0, as pynwb does.
      return {
        kind: 'rate',
        start: start !== undefined && isFinite(start) ? start : 0,
        rate,
        length
      };
    }
  }
  if (timestamps) {
    const count = (await source.info(timestamps.path)).shape?.[0] ?? 0;
    const cache = new Map<number, number>();
    const at = async (i: number) => {
      if (!cache.has(i)) {
        cache.set(
          i,
          asNumber(await source.read(timestamps.path, [[i, i + 1]])) ?? NaN
        );
      }
      return cache.get(i) as number;
    };
    return { kind: 'timestamps', length: Math.min(count, length), at };
  }
  return { kind: 'index', length };
}

/** One decimated channel ready to plot. */
export interface IChannelTrace {
  readonly channel: number;
  readonly time: Float64Array;
  readonly value: Float64Array;
}

export interface IWindowRequest {
  t0: number;
  t1: number;
  firstChannel: number;
  channelCount: number;
  /** Horizontal pixels: at most two points per pixel are kept. */
  pixels: number;
  /** Most values read in one window (the window is clipped beyond). */
  maxValues?: number;
}

/** Read the samples of a time window, scale them, decimate them to pixels. */
export async function readSeriesWindow(
  source: IH5Source,
  layout: ISeriesLayout,
  request: IWindowRequest,
  read: (path: string, slice: [number, number][]) => Promise<unknown> = (
    p,
    s
  ) => source.read(p, s)
): Promise<{ traces: IChannelTrace[]; clipped: boolean; samples: number }> {
  const channels = layout.shape[1] ?? 1;
  const c0 = Math.max(0, Math.min(channels - 1, request.firstChannel));
  const c1 = Math.min(channels, c0 + Math.max(1, request.channelCount));
  const width = c1 - c0;
  const [i0, end] = await indexRange(layout.axis, request.t0, request.t1);
  const maxRows = Math.max(
    1,
    Math.floor((request.maxValues ?? 4_000_000) / width)
  );
  const clipped = end - i0 > maxRows;
  const i1 = Math.min(end, i0 + maxRows);
  const rows = i1 - i0;
  if (rows <= 0) {
    return { traces: [], clipped: false, samples: 0 };
  }
  const slice: [number, number][] =
    layout.shape.length === 2
      ? [
          [i0, i1],
          [c0, c1]
        ]
      : [[i0, i1]];
  const values = (await read(layout.dataPath, slice)) as ArrayLike<
    number | bigint
  >;
  const numeric: ArrayLike<number> =
    typeof values[0] === 'bigint'
      ? Float64Array.from(values as ArrayLike<bigint>, Number)
      : (values as ArrayLike<number>);
  const times = await sampleTimes(layout, read, i0, i1);
  const traces = Array.from({ length: width }, (_, c) => {
    const kept = decimateMinMax(
      numeric,
      rows,
      Math.max(1, request.pixels),
      width,
      c
    );
    return {
      channel: c0 + c,
      time: Float64Array.from(kept.index, i => times(i)),
      value: kept.value.map(v => v * layout.conversion + layout.offset)
    };
  });
  return { traces, clipped, samples: rows };
}

async function sampleTimes(
  layout: ISeriesLayout,
  read: (path: string, slice: [number, number][]) => Promise<unknown>,
  i0: number,
  i1: number
): Promise<(i: number) => number> {
  const axis = layout.axis;
  if (axis.kind === 'rate') {
    return i => axis.start + (i0 + i) / axis.rate;
  }
  if (axis.kind === 'timestamps' && layout.timestampsPath) {
    const stamps = (await read(layout.timestampsPath, [
      [i0, i1]
    ])) as ArrayLike<number>;
    return i => Number(stamps[i]);
  }
  return i => i0 + i;
}

/**
 * How a trace of `points` samples is drawn: a line alone shows nothing for
 * one sample and hides where a few samples are, so short traces get
 * markers too.
 */
export function traceMode(points: number): 'lines' | 'lines+markers' {
  return points <= 64 ? 'lines+markers' : 'lines';
}
