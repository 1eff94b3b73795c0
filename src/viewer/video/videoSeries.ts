/**
 * What the video player needs of an ImageSeries whose frames are in movie
 * files (`external_file`): the files, where each starts (`starting_frame`)
 * and the frames' times. Reads metadata and the timestamps only.
 */
import type { IH5Source } from '../model/source';
import { asNumber, asTextList } from '../model/text';
import type { INeurodataNode } from '../model/tree';
import { FrameClock } from './frameClock';

const child = (node: INeurodataNode, name: string) =>
  node.children.find(c => c.name === name);

/** An ImageSeries that names movie files (whatever its data holds). */
export function hasExternalFile(node: INeurodataNode): boolean {
  return (
    !node.softLink &&
    node.ancestry.includes('ImageSeries') &&
    child(node, 'external_file') !== undefined
  );
}

/** Every ImageSeries with movies under `node` (itself included), in tree order. */
export function moviesUnder(node: INeurodataNode): INeurodataNode[] {
  const found: INeurodataNode[] = [];
  const visit = (n: INeurodataNode) => {
    if (hasExternalFile(n)) {
      found.push(n);
      return;
    }
    n.children.forEach(visit);
  };
  visit(node);
  return found;
}

export interface IVideoSeries {
  readonly path: string;
  /** external_file entries as written. */
  readonly files: string[];
  /** starting_frame (the external_file attribute), when written. */
  readonly startingFrame?: number[];
  /** num_samples (NWB 2.9), when written: the frame count across all files. */
  readonly numSamples?: number;
  /** Frame times: timestamps (frame count known), or starting_time + rate (count from the movie). */
  readonly times:
    | { readonly kind: 'timestamps'; readonly timestamps: Float64Array }
    | { readonly kind: 'rate'; readonly start: number; readonly rate: number };
}

/** Read a movie-backed ImageSeries, or say why it cannot be played. */
export async function readVideoSeries(
  source: IH5Source,
  node: INeurodataNode,
  read: (path: string) => Promise<unknown> = p => source.read(p)
): Promise<IVideoSeries | { reason: string }> {
  const external = child(node, 'external_file');
  if (!external) {
    return { reason: 'it has no external_file (its frames are in the file)' };
  }
  const files = asTextList(await read(external.path));
  if (files.length === 0) {
    return { reason: `${external.path} names no movie file` };
  }
  // NWB: starting_frame is an attribute of the external_file dataset
  const starting = external.attrs.starting_frame;
  const startingFrame =
    starting === undefined || starting === null
      ? undefined
      : Array.from(
          (ArrayBuffer.isView(starting) || Array.isArray(starting)
            ? starting
            : [starting]) as ArrayLike<number | bigint>,
          Number
        );
  // NWB 2.9: the frame count of a series timed by starting_time + rate
  const count = child(node, 'num_samples');
  const numSamples = count ? asNumber(await read(count.path)) : undefined;
  const timestamps = child(node, 'timestamps');
  const startingTime = child(node, 'starting_time');
  if (timestamps) {
    const values = await read(timestamps.path);
    if (!ArrayBuffer.isView(values)) {
      return { reason: `${timestamps.path} holds no numbers` };
    }
    return {
      path: node.path,
      files,
      startingFrame,
      numSamples,
      times: {
        kind: 'timestamps',
        timestamps: Float64Array.from(
          values as unknown as ArrayLike<number>,
          Number
        )
      }
    };
  }
  if (startingTime) {
    const start = asNumber(await read(startingTime.path)) ?? 0;
    const rate = asNumber(startingTime.attrs.rate);
    if (!rate || !(rate > 0)) {
      return { reason: `${startingTime.path} has no positive rate attribute` };
    }
    // A NaN start (seen in real files) is read as 0, as pynwb does.
    return {
      path: node.path,
      files,
      startingFrame,
      numSamples,
      times: { kind: 'rate', start: Number.isFinite(start) ? start : 0, rate }
    };
  }
  return {
    reason:
      'it has neither timestamps nor starting_time, so when a frame was taken is unknown'
  };
}

/** The series' clock; `movieFrames` is the frame count the movie holds (used only with a rate). */
export function clockOf(series: IVideoSeries, movieFrames: number): FrameClock {
  return series.times.kind === 'timestamps'
    ? new FrameClock(series.times)
    : new FrameClock({ ...series.times, count: movieFrames });
}
