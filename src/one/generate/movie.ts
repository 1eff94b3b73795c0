/**
 * Raw camera movies (`raw_video_data/_iblrig_<view>Camera.raw.mp4`) whose
 * frames carry their own index, so a player can be checked against the
 * camera times: one movie frame per `_ibl_<view>Camera.times.npy` entry (the
 * relation IBL's rig guarantees), encoded by the system's ffmpeg as H.264 in
 * MP4 (IBL's codec and container; Debian's Chromium plays it).
 *
 * Frame code: the frame is a 4 × 4 grid of equal cells; cell b (row b >> 2,
 * column b & 3, row-major from the top left) is white (luma 235) when bit b
 * of the frame index is set, else black (luma 16). Flat cells survive lossy
 * coding: a decoder reads each cell's centre and thresholds it at 128.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { GeneratorError } from './errors';
import { CAMERA_FPS, CAMERA_SIZE, CameraView } from './video';

/** Bits of the frame index drawn in each frame (indices up to 65535). */
export const CODE_BITS = 16;
/** Cells per side of the code grid. */
export const CODE_GRID = 4;
const BLACK = 16;
const WHITE = 235;
/** Pixels per code cell in the small frame that ffmpeg scales up. */
const CELL = 4;

/** One small grey frame (CODE_GRID·CELL square) drawing `index`. */
export function codeFrame(index: number): Uint8Array {
  const side = CODE_GRID * CELL;
  const frame = new Uint8Array(side * side);
  for (let bit = 0; bit < CODE_BITS; bit++) {
    const on = (index >> bit) & 1;
    const row = bit >> 2;
    const col = bit & 3;
    for (let y = 0; y < CELL; y++) {
      const at = (row * CELL + y) * side + col * CELL;
      frame.fill(on ? WHITE : BLACK, at, at + CELL);
    }
  }
  return frame;
}

/**
 * Encode `frames` coded frames at the camera's nominal rate and size into
 * `file`. Throws a GeneratorError naming ffmpeg when it is missing or fails
 * (nothing is left under the final name).
 */
export function writeMovie(
  file: string,
  view: CameraView,
  frames: number
): void {
  if (frames >= 2 ** CODE_BITS) {
    throw new GeneratorError(
      file,
      `${frames} frames do not fit the ${CODE_BITS}-bit frame code`,
      'use a shorter size preset for movies'
    );
  }
  const side = CODE_GRID * CELL;
  const raw = new Uint8Array(side * side * frames);
  for (let i = 0; i < frames; i++) {
    raw.set(codeFrame(i), i * side * side);
  }
  const { width, height } = CAMERA_SIZE[view];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.part.mp4`;
  const result = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${side}x${side}`],
      ...['-r', String(CAMERA_FPS[view]), '-i', 'pipe:0'],
      ...['-vf', `scale=${width}:${height}:flags=neighbor`],
      // no B-frames: decode order is presentation order; a keyframe a second keeps seeks short
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0'],
      ...['-g', String(CAMERA_FPS[view]), '-pix_fmt', 'yuv420p'],
      ...['-threads', '1', '-movflags', '+faststart', partial]
    ],
    { input: raw, maxBuffer: 1 << 20 }
  );
  if (result.error || result.status !== 0) {
    fs.rmSync(partial, { force: true });
    const why = result.error
      ? result.error.message
      : `exit ${result.status}: ${String(result.stderr).trim()}`;
    throw new GeneratorError(
      file,
      `ffmpeg could not encode the movie (${why})`,
      'install ffmpeg (scripts/install-system-deps.sh) or generate without --video'
    );
  }
  fs.renameSync(partial, file);
}
