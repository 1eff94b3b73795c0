/** Video-derived data share the camera frame times (`_ibl_<view>Camera.times.npy`, session clock). */
import { DatasetContentError, requireFinite } from '../session/errors';
import type { SessionData } from '../session/loaders';

export const CAMERA_VIEWS = ['left', 'right', 'body'] as const;
export type CameraView = (typeof CAMERA_VIEWS)[number];

export const ALF = 'alf';

export function timesName(view: CameraView): string {
  return `_ibl_${view}Camera.times.npy`;
}

/** `left` → `Left`. */
export function titleCase(view: string): string {
  return view.charAt(0).toUpperCase() + view.slice(1);
}

/**
 * Frame times for `frames` samples of `dataset`. Extra trailing times are
 * dropped (the release does the same: video features can stop early); fewer
 * times than frames is an error.
 */
export async function frameTimes(
  data: SessionData,
  view: CameraView,
  frames: number,
  dataset: string
): Promise<{ times: Float64Array; source: string }> {
  const name = timesName(view);
  const all = await data.numbers(ALF, name);
  const source = data.dataset(ALF, name).relPath;
  if (all.length < frames) {
    throw new DatasetContentError(
      `${source} / ${dataset}`,
      `${all.length} frame times for ${frames} frames`
    );
  }
  const times = all.subarray(0, frames);
  requireFinite(times, source, 'a frame time');
  return {
    times,
    source: all.length > frames ? `${source}[:${frames}]` : source
  };
}
