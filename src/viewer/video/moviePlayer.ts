/**
 * A <video> that shows one exact frame on request. Method: seek to the
 * middle of the frame's interval in the movie's own timeline (duration /
 * frames per frame, see movieFrames.seekTime), then wait for the browser to
 * present a frame (requestVideoFrameCallback) and read that frame's
 * `mediaTime`: the frame actually decoded. If it is not the frame asked
 * for, seek once more by the difference. The shown frame is what the
 * caller reports, never the one it asked for.
 */
import { frameOfMediaTime, presentedFrame, seekTime } from './movieFrames';

/** Longest wait for a presented frame after a seek (a hidden video may present none). */
const PRESENT_TIMEOUT_MS = 1000;

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (
    cb: (now: number, meta: { mediaTime: number }) => void
  ) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

/** Why a movie could not be loaded (missing file, codec …). */
export class MovieLoadError extends Error {}

export class MoviePlayer {
  readonly video: FrameCallbackVideo;
  /** Frames the loaded movie holds (set by load). */
  private frames = 0;
  private pending: Promise<number> = Promise.resolve(0);

  constructor() {
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.preload = 'auto';
    this.video.className = 'jp-NwbVideo-movie';
  }

  /** Frames per second of the movie's own timeline. */
  get frameDuration(): number {
    return this.video.duration / this.frames;
  }

  /**
   * Load `url` (shown as `label` in errors) holding `frames` frames, or as
   * many as its duration at `rate` when frames is undefined.
   */
  async load(
    url: string,
    label: string,
    frames: number | undefined,
    rate: number | undefined,
    signal: AbortSignal
  ): Promise<number> {
    // A 404 and an unplayable codec look alike to <video>: ask the server first.
    const head = await fetch(url, { method: 'HEAD', signal }).catch(
      () => undefined
    );
    if (head && head.status === 404) {
      throw new MovieLoadError(
        `the movie file ${label} is missing (the NWB file's external_file points there); put the movie at that path`
      );
    }
    if (head && !head.ok && head.status !== 405) {
      throw new MovieLoadError(
        `the movie file ${label} could not be read (HTTP ${head.status})`
      );
    }
    const video = this.video;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        video.onloadeddata = video.onerror = null;
      };
      video.onloadeddata = () => {
        done();
        resolve();
      };
      video.onerror = () => {
        done();
        const e = video.error;
        reject(
          new MovieLoadError(
            `the movie ${label} cannot be played by this browser (${e?.message || `media error ${e?.code}`}); convert it to H.264 or VP9`
          )
        );
      };
      signal.addEventListener('abort', () => {
        done();
        reject(signal.reason);
      });
      video.src = url;
    });
    this.frames =
      frames ?? Math.max(1, Math.round(video.duration * (rate ?? 1)));
    return this.frames;
  }

  /** The local frame on screen now (from the playback position). */
  currentFrame(): number {
    return Math.min(
      this.frames - 1,
      frameOfMediaTime(this.video.currentTime, this.video.duration, this.frames)
    );
  }

  /** Show local frame `k` exactly; resolves with the frame presented. Seeks run one at a time. */
  showFrame(k: number): Promise<number> {
    this.pending = this.pending.then(
      () => this.seek(k),
      () => this.seek(k)
    );
    return this.pending;
  }

  private async seek(k: number): Promise<number> {
    const t = seekTime(k, this.video.duration, this.frames);
    let shown = await this.presentAt(t);
    if (shown !== k) {
      // another frame was presented (a seek still settling): ask once more, then report what is shown
      shown = await this.presentAt(t, true);
    }
    return shown;
  }

  /**
   * Seek to media time `t` and resolve with the local frame then presented.
   * A frame presented before the seek completes (the old one, composited
   * again) is not taken for the new one: callbacks are re-armed until the
   * frame sought is presented or the seek has completed.
   */
  private presentAt(t: number, again = false): Promise<number> {
    const video = this.video;
    const frames = this.frames;
    const last = this.frames - 1;
    const wanted = Math.min(last, frameOfMediaTime(t, video.duration, frames));
    return new Promise<number>(resolve => {
      let seeked = false;
      let settled = false;
      const finish = (frame: number) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          resolve(frame);
        }
      };
      // no frame presented (hidden, or no rVFC): trust the position
      const timer = setTimeout(
        () => finish(this.currentFrame()),
        PRESENT_TIMEOUT_MS
      );
      video.addEventListener('seeked', () => (seeked = true), { once: true });
      const onFrame = (_now: number, meta: { mediaTime: number }) => {
        const frame = Math.min(
          last,
          presentedFrame(meta.mediaTime, video.duration, frames)
        );
        if (frame === wanted || seeked) {
          finish(frame);
        } else if (!settled) {
          video.requestVideoFrameCallback?.(onFrame);
        }
      };
      if (video.requestVideoFrameCallback) {
        video.requestVideoFrameCallback(onFrame);
      } else {
        video.addEventListener('seeked', () => finish(this.currentFrame()), {
          once: true
        });
      }
      if (!again && Math.abs(video.currentTime - t) < 1e-9) {
        // already there: no seek event and no new frame would come
        finish(wanted);
        return;
      }
      // setting the same time again still runs a seek ("seeked" fires; the timeout covers a frame not presented anew)
      video.currentTime = t;
    });
  }

  /** Stop loading and release the decoder. */
  dispose(): void {
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
