/**
 * One camera: its movie in a <video>, the pose keypoints over it, and the
 * frame ↔ time bookkeeping. Frame k of the series is shown at the series'
 * time of k; the time → frame rule is FrameClock's (last frame ≤ t).
 * Readout attributes on `element` (for tests and for other views):
 * data-frame (series frame on screen, as decoded), data-time (its time),
 * data-place (before / inside / after the movie), data-state.
 */
import { h } from '../views/dom';
import type { FrameClock, FramePlace } from './frameClock';
import {
  frameInMovie,
  presentedFrame,
  movieSpans,
  type IMovieSpan
} from './movieFrames';
import { MoviePlayer } from './moviePlayer';
import type { PoseKeypoints } from './poseKeypoints';
import { PoseOverlay } from './poseOverlay';
import { clockOf, type IVideoSeries } from './videoSeries';

/** A movie file the browser can fetch, and the name to show for it. */
export interface IMovieSource {
  readonly url: string;
  readonly label: string;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (
    cb: (now: number, meta: { mediaTime: number }) => void
  ) => number;
};

export class CameraPlayer {
  readonly element: HTMLElement;
  readonly overlay = new PoseOverlay();
  private readonly movie = new MoviePlayer();
  private readonly readout = h('span', { class: 'jp-NwbViewer-range' });
  private clock: FrameClock | null = null;
  private spans: IMovieSpan[] = [];
  private loadedFile = -1;
  private shown = -1;
  private wanted: number | null = null;
  private seeking: Promise<void> | null = null;
  private playing = false;
  /** Likelihood below which keypoints are hidden. */
  threshold = 0.9;
  /** Called with each frame presented while playing (series frame, its time). */
  onPlayedFrame: (frame: number, time: number) => void = () => undefined;
  /** Called when playback stops by itself (end of the movie). */
  onEnded: () => void = () => undefined;

  constructor(
    readonly series: IVideoSeries,
    private readonly sources: IMovieSource[],
    private readonly pose: PoseKeypoints | null,
    private readonly signal: AbortSignal
  ) {
    const stage = h(
      'div',
      { class: 'jp-NwbVideo-stage' },
      this.movie.video,
      pose ? this.overlay.canvas : null
    );
    this.element = h(
      'figure',
      {
        class: 'jp-NwbVideo-camera',
        'data-testid': 'nwb-video',
        'data-series': series.path,
        'data-state': 'loading'
      },
      stage,
      h(
        'figcaption',
        {},
        h('strong', {}, series.path.split('/').pop() ?? ''),
        ' ',
        this.readout
      )
    );
    signal.addEventListener('abort', () => this.movie.dispose());
  }

  /** Number of frames in the series. */
  get frames(): number {
    return this.clock?.count ?? 0;
  }

  get frameClock(): FrameClock {
    if (!this.clock) {
      throw new Error('the movie is not loaded');
    }
    return this.clock;
  }

  /** Whether keypoints are drawn over this camera. */
  get hasPose(): boolean {
    return this.pose !== null;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** The series frame on screen (-1 before the first is shown). */
  get frame(): number {
    return this.shown;
  }

  /** Load the first movie and show frame 0 (or the frame at `t`). */
  async load(t: number | null): Promise<void> {
    const { times } = this.series;
    // the frame count: the timestamps', else num_samples, else (one movie at a rate) the movie's
    const known =
      times.kind === 'timestamps'
        ? times.timestamps.length
        : this.series.numSamples;
    const rate = times.kind === 'rate' ? times.rate : undefined;
    const firstSpans =
      known !== undefined
        ? movieSpans(this.series.files.length, this.series.startingFrame, known)
        : undefined;
    const frames0 = firstSpans ? firstSpans[0].frames : undefined;
    const count = await this.movie.load(
      this.sources[0].url,
      this.sources[0].label,
      frames0,
      rate,
      this.signal
    );
    this.loadedFile = 0;
    const total = known ?? count;
    this.spans =
      firstSpans ??
      movieSpans(this.series.files.length, this.series.startingFrame, total);
    this.clock = clockOf(this.series, total);
    this.element.setAttribute('data-state', 'ready');
    this.element.setAttribute('data-frames', String(total));
    const at = t === null ? null : this.clock.frameAt(t);
    await this.showFrame(at ? at.frame : 0, at ? at.place : 'inside');
  }

  /** Show the frame on screen at time t. */
  async showTime(t: number): Promise<void> {
    const at = this.frameClock.frameAt(t);
    if (at) {
      await this.showFrame(at.frame, at.place);
    }
  }

  /**
   * Show series frame k (clamped to the series). Calls made while a seek
   * runs keep only the latest frame asked for (a dragged cursor does not
   * queue every frame it crosses).
   */
  async showFrame(k: number, place: FramePlace = 'inside'): Promise<void> {
    this.pause();
    this.wanted = Math.max(0, Math.min(this.frames - 1, Math.round(k)));
    this.element.setAttribute('data-place', place);
    if (!this.seeking) {
      this.seeking = this.seekLoop().finally(() => (this.seeking = null));
    }
    await this.seeking;
  }

  private async seekLoop(): Promise<void> {
    this.element.setAttribute('data-state', 'seeking');
    while (this.wanted !== null && !this.signal.aborted) {
      const k = this.wanted;
      this.wanted = null;
      const { span, local } = frameInMovie(this.spans, k);
      await this.useFile(span);
      const decoded = await this.movie.showFrame(local);
      await this.presented(span.first + decoded);
    }
    this.element.setAttribute(
      'data-state',
      this.playing ? 'playing' : 'paused'
    );
  }

  private async useFile(span: IMovieSpan): Promise<void> {
    if (span.file === this.loadedFile) {
      return;
    }
    const source = this.sources[span.file];
    await this.movie.load(
      source.url,
      source.label,
      span.frames,
      undefined,
      this.signal
    );
    this.loadedFile = span.file;
  }

  /** Readout and keypoints for the series frame now on screen. */
  private async presented(k: number): Promise<void> {
    this.shown = k;
    const t = this.frameClock.timeOf(k);
    this.element.setAttribute('data-frame', String(k));
    this.element.setAttribute('data-time', String(t));
    this.readout.textContent = `frame ${k} of ${this.frames} · ${Number.isFinite(t) ? `${t.toFixed(3)} s` : 'no time'}${this.element.getAttribute('data-place') === 'inside' ? '' : ` (cursor ${this.element.getAttribute('data-place')} the movie)`}`;
    await this.drawPose();
  }

  /** Redraw the keypoints of the frame on screen (e.g. after a threshold change). */
  async drawPose(): Promise<void> {
    if (!this.pose || this.shown < 0) {
      return;
    }
    const points = await this.pose.at(this.frameClock.timeOf(this.shown));
    const { videoWidth, videoHeight } = this.movie.video;
    this.overlay.draw(points, this.threshold, videoWidth, videoHeight);
  }

  /** Step by `delta` frames from the one shown. */
  step(delta: number): Promise<void> {
    return this.showFrame(this.shown + delta);
  }

  /** Play from the frame shown; each presented frame is reported by onPlayedFrame. */
  play(): void {
    if (this.playing || this.shown >= this.frames - 1) {
      return;
    }
    this.playing = true;
    this.element.setAttribute('data-state', 'playing');
    const video = this.movie.video as FrameCallbackVideo;
    const span = frameInMovie(this.spans, this.shown).span;
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      if (!this.playing) {
        return;
      }
      const local = Math.min(
        span.frames - 1,
        presentedFrame(meta.mediaTime, video.duration, span.frames)
      );
      const k = span.first + local;
      this.element.setAttribute('data-place', 'inside');
      void this.presented(k);
      this.onPlayedFrame(k, this.frameClock.timeOf(k));
      video.requestVideoFrameCallback?.(onFrame);
    };
    video.requestVideoFrameCallback?.(onFrame);
    video.onended = () => {
      this.pause();
      const next = this.spans[span.file + 1];
      if (next) {
        void this.showFrame(next.first).then(() => this.play());
      } else {
        this.onEnded();
      }
    };
    void video.play().catch(() => this.pause());
  }

  /**
   * Pause on a whole frame: the decoder may be past the last frame reported,
   * so the frame at the stopping position is sought and shown exactly.
   */
  async stop(): Promise<void> {
    if (!this.playing) {
      return;
    }
    this.pause();
    const span = frameInMovie(this.spans, Math.max(0, this.shown)).span;
    await this.showFrame(span.first + this.movie.currentFrame());
  }

  pause(): void {
    if (!this.playing) {
      return;
    }
    this.playing = false;
    this.movie.video.pause();
    this.element.setAttribute('data-state', 'paused');
  }
}
