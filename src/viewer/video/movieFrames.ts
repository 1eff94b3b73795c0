/**
 * Which movie file holds frame k, and where in it. NWB: an ImageSeries with
 * several external files gives, in `starting_frame`, the series frame at
 * which each file starts (a series index, not a time); one file starts at 0.
 */

/** One of the series' movies, with the series frames it holds. */
export interface IMovieSpan {
  readonly file: number;
  /** Series frame of the movie's first frame. */
  readonly first: number;
  /** Frames the movie holds (up to the next file's start, or the series' end). */
  readonly frames: number;
}

/**
 * The spans of each file.
 * @throws Error naming starting_frame when it does not match the files.
 */
export function movieSpans(
  files: number,
  startingFrame: ArrayLike<number> | undefined,
  totalFrames: number
): IMovieSpan[] {
  const starts = startingFrame ? Array.from(startingFrame, Number) : [0];
  if (files === 1 && starts.length === 0) {
    starts.push(0);
  }
  if (starts.length !== files) {
    throw new Error(
      `starting_frame has ${starts.length} entries for ${files} external file(s); NWB needs one start frame per file`
    );
  }
  if (starts[0] !== 0 || starts.some((s, i) => i > 0 && !(s > starts[i - 1]))) {
    throw new Error(
      `starting_frame [${starts.join(', ')}] must start at 0 and increase, one start per file`
    );
  }
  return starts.map((first, file) => ({
    file,
    first,
    frames: (file + 1 < starts.length ? starts[file + 1] : totalFrames) - first
  }));
}

/** The file holding series frame k and k's index within it. */
export function frameInMovie(
  spans: IMovieSpan[],
  k: number
): { span: IMovieSpan; local: number } {
  let at = 0;
  while (at + 1 < spans.length && spans[at + 1].first <= k) {
    at++;
  }
  return { span: spans[at], local: k - spans[at].first };
}

/**
 * Media time to seek to for a movie's local frame: the middle of the
 * frame's interval in the container, whose frames are evenly spaced at
 * duration / frames (the movie's own clock, not the series' timestamps,
 * which say when the frame was taken). Seeking to the middle, not the
 * start, keeps rounding in the decoder from landing on the previous frame.
 */
export function seekTime(
  local: number,
  duration: number,
  frames: number
): number {
  const step = duration / frames;
  return (local + 0.5) * step;
}

/**
 * The local frame whose interval holds playback position `mediaTime`
 * (e.g. `currentTime` after a pause, anywhere inside a frame).
 */
export function frameOfMediaTime(
  mediaTime: number,
  duration: number,
  frames: number
): number {
  return Math.floor(mediaTime / (duration / frames) + 1e-6);
}

/**
 * The local frame a presented frame's media time (requestVideoFrameCallback
 * `mediaTime`, the frame's start) belongs to. Rounded, not floored: the
 * browser gives the time in whole microseconds, truncated, so frame 2153 of
 * a 60 fps movie reads 35.883333 s, a hair before 2153 / 60.
 */
export function presentedFrame(
  mediaTime: number,
  duration: number,
  frames: number
): number {
  return Math.round(mediaTime / (duration / frames));
}
