import { describe, expect, it } from 'vitest';

import { FrameClock } from '../../../src/viewer/video/frameClock';
import {
  frameInMovie,
  frameOfMediaTime,
  movieSpans,
  presentedFrame,
  seekTime
} from '../../../src/viewer/video/movieFrames';
import { resolveMovie } from '../../../src/viewer/video/moviePath';
import { visibleKeypoints } from '../../../src/viewer/video/poseKeypoints';

const stamps = (...t: number[]) =>
  new FrameClock({ kind: 'timestamps', timestamps: Float64Array.from(t) });

/** The definition, by brute force: the last frame whose time is ≤ t. */
function lastAtOrBefore(ts: number[], t: number): number {
  let found = -1;
  ts.forEach((v, k) => {
    if (v <= t) {
      found = k;
    }
  });
  return found;
}

describe('FrameClock: the frame shown at a time is the last frame whose time is ≤ t', () => {
  it('uses the timestamps as written (non-uniform, dropped frames)', () => {
    // 60 Hz with frame 3 dropped and jitter: no frame rate is assumed
    const clock = stamps(10, 10.0167, 10.0334, 10.0668, 10.0835);
    expect(clock.frameAt(10)).toEqual({ frame: 0, place: 'inside' });
    expect(clock.frameAt(10.0166)).toEqual({ frame: 0, place: 'inside' });
    expect(clock.frameAt(10.0167)).toEqual({ frame: 1, place: 'inside' });
    // in the gap of the dropped frame, the previous frame stays on screen
    expect(clock.frameAt(10.06)).toEqual({ frame: 2, place: 'inside' });
    expect(clock.frameAt(10.0668)).toEqual({ frame: 3, place: 'inside' });
  });

  it('says before the first frame and after the last one', () => {
    const clock = stamps(1, 2, 3);
    expect(clock.frameAt(0.5)).toEqual({ frame: 0, place: 'before' });
    // the last frame lasts one interval (1 s here), then the movie has ended
    expect(clock.frameAt(3.9)).toEqual({ frame: 2, place: 'inside' });
    expect(clock.frameAt(4.5)).toEqual({ frame: 2, place: 'after' });
  });

  it('skips frames without a time and refuses a non-finite t', () => {
    const clock = stamps(NaN, 1, NaN, 3, 4);
    expect(clock.frameAt(0)).toEqual({ frame: 1, place: 'before' });
    expect(clock.frameAt(2)).toEqual({ frame: 1, place: 'inside' });
    expect(clock.frameAt(3.5)).toEqual({ frame: 3, place: 'inside' });
    expect(clock.frameAt(NaN)).toBeNull();
    expect(clock.frameAt(Infinity)).toBeNull();
    expect(stamps(NaN, NaN).frameAt(1)).toBeNull();
    expect(stamps().frameAt(1)).toBeNull();
    expect(clock.span()).toEqual([1, 4]);
  });

  it('refuses timestamps that go backwards, naming the frame', () => {
    expect(() => stamps(0, 1, 0.5)).toThrow(/backwards at frame 2/);
  });

  it('agrees with the definition on random non-uniform timestamps', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const ts: number[] = [];
    for (let k = 0, t = 5; k < 300; k++) {
      t += random() < 0.05 ? 0.05 : 0.0167 + (random() - 0.5) * 1e-3;
      ts.push(t);
    }
    const clock = stamps(...ts);
    for (let i = 0; i < 2000; i++) {
      const t = 4.9 + random() * (ts[ts.length - 1] - 4.9);
      const expected = lastAtOrBefore(ts, t);
      expect(clock.frameAt(t)?.frame).toBe(Math.max(0, expected));
      // and each frame's own time maps back to it
      const k = Math.floor(random() * ts.length);
      expect(clock.frameAt(clock.timeOf(k))?.frame).toBe(k);
    }
  });

  it('maps starting_time + rate, with each frame time mapping back to its frame', () => {
    const clock = new FrameClock({
      kind: 'rate',
      start: 2,
      rate: 30,
      count: 90
    });
    expect(clock.frameAt(1.99)).toEqual({ frame: 0, place: 'before' });
    for (let k = 0; k < 90; k++) {
      expect(clock.frameAt(clock.timeOf(k))?.frame).toBe(k);
    }
    expect(clock.frameAt(2 + 89.5 / 30)).toEqual({
      frame: 89,
      place: 'inside'
    });
    expect(clock.frameAt(5.01)).toEqual({ frame: 89, place: 'after' });
  });
});

describe('movie frames: which file, and where to seek in it', () => {
  it('splits the series by starting_frame', () => {
    const spans = movieSpans(3, [0, 100, 250], 300);
    expect(spans.map(s => s.frames)).toEqual([100, 150, 50]);
    expect(frameInMovie(spans, 99)).toEqual({ span: spans[0], local: 99 });
    expect(frameInMovie(spans, 100)).toEqual({ span: spans[1], local: 0 });
    expect(frameInMovie(spans, 299)).toEqual({ span: spans[2], local: 49 });
    expect(movieSpans(1, undefined, 10)).toEqual([
      { file: 0, first: 0, frames: 10 }
    ]);
    expect(() => movieSpans(2, [0], 10)).toThrow(
      /starting_frame has 1 entries for 2/
    );
    expect(() => movieSpans(2, [5, 9], 10)).toThrow(/must start at 0/);
  });

  it("reads a presented frame's media time as the browser gives it (whole microseconds)", () => {
    // Chromium truncates a frame's presentation time to µs: 2153 / 60 s reads 35.883333 s
    for (let k = 0; k < 3600; k++) {
      const mediaTime = Math.floor((k / 60) * 1e6) / 1e6;
      expect(presentedFrame(mediaTime, 60, 3600)).toBe(k);
    }
    for (let k = 0; k < 9000; k++) {
      const mediaTime = Math.floor((k / 150) * 1e6) / 1e6;
      expect(presentedFrame(mediaTime, 60, 9000)).toBe(k);
    }
  });

  it('seeks to the middle of a frame, whose media time maps back to it', () => {
    // 3600 frames over 60 s: frame k starts at k / 60
    for (const k of [0, 1, 59, 1234, 3599]) {
      const t = seekTime(k, 60, 3600);
      expect(t).toBeCloseTo((k + 0.5) / 60, 12);
      expect(frameOfMediaTime(t, 60, 3600)).toBe(k);
      expect(frameOfMediaTime(k / 60, 60, 3600)).toBe(k);
    }
  });
});

describe('resolveMovie: NWB external_file is relative to the NWB file', () => {
  const server = { kind: 'server', path: 'data/out/session.nwb' } as const;

  it('resolves beside the file and inside the Jupyter root', () => {
    expect(resolveMovie(server, './session_ecephys+image/left.mp4')).toEqual({
      kind: 'server',
      path: 'data/out/session_ecephys+image/left.mp4'
    });
    expect(resolveMovie(server, '../raw/left.mp4')).toEqual({
      kind: 'server',
      path: 'data/raw/left.mp4'
    });
    expect(resolveMovie(server, 'movies\\left.mp4')).toEqual({
      kind: 'server',
      path: 'data/out/movies/left.mp4'
    });
    expect(
      resolveMovie({ kind: 'server', path: 'top.nwb' }, 'left.mp4')
    ).toEqual({
      kind: 'server',
      path: 'left.mp4'
    });
  });

  it('refuses paths that leave the Jupyter root, saying why', () => {
    const up = resolveMovie(server, '../../../etc/movie.mp4');
    expect(up).toEqual({
      reason: expect.stringMatching(/leads out of the Jupyter root/)
    });
    expect(
      resolveMovie({ kind: 'server', path: 'a.nwb' }, '../a.mp4')
    ).toHaveProperty('reason');
    expect(resolveMovie(server, 'a/../../../../b.mp4')).toHaveProperty(
      'reason'
    );
    expect(resolveMovie(server, '/data/elsewhere/left.mp4')).toEqual({
      reason: expect.stringMatching(/absolute path outside the Jupyter root/)
    });
    expect(resolveMovie(server, 'C:\\rig\\left.mp4')).toHaveProperty('reason');
    expect(resolveMovie(server, '')).toHaveProperty('reason');
  });

  it('accepts an absolute path inside the known Jupyter root', () => {
    expect(
      resolveMovie(server, '/home/me/work/data/left.mp4', '/home/me/work/')
    ).toEqual({
      kind: 'server',
      path: 'data/left.mp4'
    });
    expect(
      resolveMovie(server, '/home/me/workshop/left.mp4', '/home/me/work')
    ).toHaveProperty('reason');
  });

  it('resolves against the URL of a file opened by URL, and keeps URLs', () => {
    const url = {
      kind: 'url',
      url: 'https://host/dandisets/x/sub-1/sub-1_ses.nwb'
    } as const;
    expect(resolveMovie(url, './sub-1_ses_image/left.mp4')).toEqual({
      kind: 'url',
      url: 'https://host/dandisets/x/sub-1/sub-1_ses_image/left.mp4'
    });
    expect(resolveMovie(server, 'https://cdn/left.mp4')).toEqual({
      kind: 'url',
      url: 'https://cdn/left.mp4'
    });
  });
});

describe('pose keypoints shown', () => {
  it('hides keypoints under the likelihood threshold and those without a position', () => {
    const points = [
      { name: 'NoseTip', x: 10, y: 20, confidence: 0.95 },
      { name: 'LeftPaw', x: 30, y: 40, confidence: 0.89 },
      { name: 'RightPaw', x: NaN, y: NaN, confidence: 0.99 },
      { name: 'TubeTop', x: 5, y: 5, confidence: 0.9 },
      { name: 'TailStart', x: 1, y: 1, confidence: NaN }
    ];
    expect(visibleKeypoints(points, 0.9).map(p => p.name)).toEqual([
      'NoseTip',
      'TubeTop',
      'TailStart'
    ]);
    expect(visibleKeypoints(points, 0).map(p => p.name)).toHaveLength(4);
  });
});
