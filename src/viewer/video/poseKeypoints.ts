/**
 * Keypoints of one PoseEstimation at a video frame, read in blocks of rows
 * (one read per series per block, cached) so playback does not issue a
 * read per keypoint per frame.
 */
import type { H5Slice } from '../model/source';
import type { INeurodataNode } from '../model/tree';
import { FrameClock } from './frameClock';

const BLOCK = 512;
const KEPT_BLOCKS = 8;

/** One keypoint at one frame. */
export interface IKeypoint {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  /** Likelihood 0–1 (NaN when the series has no confidence). */
  readonly confidence: number;
}

interface ISeriesPaths {
  readonly name: string;
  readonly data: string;
  readonly confidence?: string;
}

type Read = (path: string, slice?: H5Slice) => Promise<unknown>;

/** Keypoints to draw: finite positions whose confidence is at least `threshold` (NaN confidence is kept). */
export function visibleKeypoints(
  points: IKeypoint[],
  threshold: number
): IKeypoint[] {
  return points.filter(
    p =>
      Number.isFinite(p.x) &&
      Number.isFinite(p.y) &&
      !(p.confidence < threshold)
  );
}

export class PoseKeypoints {
  private readonly blocks = new Map<number, Float64Array[][]>();

  private constructor(
    private readonly series: ISeriesPaths[],
    private readonly clock: FrameClock,
    private readonly read: Read
  ) {}

  /** Open the PoseEstimationSeries of `pose` (reads their shared timestamps once). */
  static async open(pose: INeurodataNode, read: Read): Promise<PoseKeypoints> {
    const series = pose.children.filter(
      c => !c.softLink && c.ancestry.includes('PoseEstimationSeries')
    );
    if (series.length === 0) {
      throw new Error(`${pose.path} has no PoseEstimationSeries`);
    }
    const paths = series.map(s => ({
      name: s.name.replace(/^PoseEstimationSeries/, '') || s.name,
      data: `${s.path}/data`,
      confidence: s.children.some(c => c.name === 'confidence')
        ? `${s.path}/confidence`
        : undefined
    }));
    const timed = series.find(s =>
      s.children.some(c => c.name === 'timestamps')
    );
    let clock: FrameClock;
    if (timed) {
      const ts = (await read(`${timed.path}/timestamps`)) as ArrayLike<number>;
      clock = new FrameClock({
        kind: 'timestamps',
        timestamps: Float64Array.from(ts, Number)
      });
    } else {
      const st = series[0].children.find(c => c.name === 'starting_time');
      if (!st) {
        throw new Error(
          `${series[0].path} has neither timestamps nor starting_time`
        );
      }
      const start = Number(await read(st.path));
      const rate = Number(st.attrs.rate);
      const rows =
        series[0].children.find(c => c.name === 'data')?.shape?.[0] ?? 0;
      clock = new FrameClock({
        kind: 'rate',
        start: start || 0,
        rate,
        count: rows
      });
    }
    return new PoseKeypoints(paths, clock, read);
  }

  /** Keypoints at time t (the pose row taken at or just before t), or [] outside the pose's frames. */
  async at(t: number): Promise<IKeypoint[]> {
    const found = this.clock.frameAt(t);
    if (!found || found.place !== 'inside') {
      return [];
    }
    const row = found.frame;
    const block = Math.floor(row / BLOCK);
    const values = await this.block(block);
    const i = row - block * BLOCK;
    return this.series.map((s, k) => ({
      name: s.name,
      x: values[k][0][2 * i],
      y: values[k][0][2 * i + 1],
      confidence: values[k][1].length ? values[k][1][i] : NaN
    }));
  }

  private async block(b: number): Promise<Float64Array[][]> {
    const cached = this.blocks.get(b);
    if (cached) {
      return cached;
    }
    const rows: [number, number] = [
      b * BLOCK,
      Math.min(this.clock.count, (b + 1) * BLOCK)
    ];
    const values = await Promise.all(
      this.series.map(async s => {
        // ndx-pose data is [frames, 2] (or 3 for x, y, z: only x, y are drawn)
        const data = (await this.read(s.data, [
          rows,
          [0, 2]
        ])) as ArrayLike<number>;
        const conf = s.confidence
          ? ((await this.read(s.confidence, [rows])) as ArrayLike<number>)
          : [];
        return [
          Float64Array.from(data, Number),
          Float64Array.from(conf, Number)
        ];
      })
    );
    if (this.blocks.size >= KEPT_BLOCKS) {
      this.blocks.delete(this.blocks.keys().next().value as number);
    }
    this.blocks.set(b, values);
    return values;
  }
}
