/**
 * Reading a probe's spikes into a driftmap image, lazily and in chunks:
 * the per-spike columns (times, depths, amplitudes) are read piece by
 * piece at chunk boundaries, a preview spread over the probe first, and
 * binned as they arrive; nothing but the image is kept. A time window
 * narrows each unit's rows to the window first (`trainWindow`, reading
 * only the blocks of spike_times the window overlaps).
 */
import type { IH5DatasetInfo } from '../model/source';
import { readBlockRows } from '../spikes/readBlock';
import { trainWindow } from '../spikes/trainBlocks';
import type { Reader } from '../spikes/unitSpikes';
import { axisOver, DriftImage } from './driftImage';
import type { IDriftmapLayout } from './layout';
import {
  chunkPieces,
  joinAdjacent,
  previewFirst,
  unitRuns,
  windowSearchPays,
  type RowRange
} from './readPlan';

/** Chunks joined into one read after the preview (a few MiB a column). */
const CHUNKS_PER_READ = 8;
/** Pieces in the preview: one in this many. */
const PREVIEW_STRIDE = 16;
/** Units whose window is searched together. */
const WINDOW_BATCH = 32;
/** Least time between two paints while reading. */
const PAINT_EVERY_MS = 250;

export interface IDriftRequest {
  readonly layout: IDriftmapLayout;
  /** Units drawn (the probe's units the row filter keeps). */
  readonly keep: (unit: number) => boolean;
  /** Bins: the plot area's pixels. */
  readonly cols: number;
  readonly rows: number;
  /** The time span shown (a fixed time axis), or null for the whole recording. */
  readonly window: { readonly t0: number; readonly t1: number } | null;
  /** The recording's time span, known from an earlier pass (to cost a window search). */
  readonly span?: readonly [number, number];
  /** A depth span known from an earlier pass (the axis still grows if needed). */
  readonly depths?: readonly [number, number];
  readonly signal?: AbortSignal;
}

export interface IDriftProgress {
  readonly image: DriftImage;
  /** Spikes read so far and in all (of the kept units, in the window's rows). */
  readonly read: number;
  readonly total: number;
  readonly done: boolean;
}

type Columns = [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];

export class DriftmapReader {
  private ends: Promise<Float64Array> | null = null;
  private block: Promise<number> | null = null;

  constructor(
    private readonly read: Reader,
    readonly layout: IDriftmapLayout,
    private readonly info?: (path: string) => Promise<IH5DatasetInfo>
  ) {}

  /** Cumulative spike counts per unit, checked against the per-spike columns' indices. */
  offsets(): Promise<Float64Array> {
    if (!this.ends) {
      this.ends = this.checkedOffsets();
      this.ends.catch(() => (this.ends = null));
    }
    return this.ends;
  }

  /** Stream the image, calling `paint` for the preview, now and then, and at the end. */
  async stream(
    request: IDriftRequest,
    paint: (progress: IDriftProgress) => void
  ): Promise<DriftImage | null> {
    const ends = await this.offsets();
    const block = await this.blockRows();
    const w = request.window;
    const span = request.span;
    const fraction = w && span ? (w.t1 - w.t0) / (span[1] - span[0]) : 0;
    // A window is found unit by unit only where that reads less than one
    // pass over the probe (whose fixed time axis then drops the rest).
    const runs =
      w && windowSearchPays(ends, request.keep, block, fraction)
        ? await this.windowRuns(ends, block, request)
        : unitRuns(ends, request.keep);
    const pieces = chunkPieces(runs, block);
    const total = pieces.reduce((n, [a, b]) => n + b - a, 0);
    if (total === 0) {
      return null;
    }
    const { order, first } = previewFirst(pieces.length, PREVIEW_STRIDE);
    // The preview is read before any binning: its extent sets the axes.
    const preview = await Promise.all(
      order.slice(0, first).map(i => this.columns(pieces[i], request.signal))
    );
    const image = new DriftImage(
      request.window
        ? axisOver(request.window.t0, request.window.t1, request.cols, true)
        : padded(extent(preview, 0), request.cols, 0.005),
      padded(
        request.depths
          ? extentWith(extent(preview, 1), request.depths)
          : extent(preview, 1),
        request.rows,
        0.02
      )
    );
    let done = 0;
    for (const [times, depths, amps] of preview) {
      image.add(times, depths, amps);
      done += times.length;
    }
    paint({ image, read: done, total, done: done === total });
    let painted = performance.now();
    const rest = joinAdjacent(
      pieces,
      order.slice(first),
      CHUNKS_PER_READ * block
    );
    for (const range of rest) {
      const [times, depths, amps] = await this.columns(range, request.signal);
      image.add(times, depths, amps);
      done += times.length;
      if (done === total || performance.now() - painted > PAINT_EVERY_MS) {
        paint({ image, read: done, total, done: done === total });
        painted = performance.now();
      }
    }
    return image;
  }

  /** Each run narrowed to the rows of its units' spikes inside the window. */
  private async windowRuns(
    ends: Float64Array,
    block: number,
    request: IDriftRequest
  ): Promise<RowRange[]> {
    const { t0, t1 } = request.window!;
    const units: number[] = [];
    for (let u = 0; u < ends.length; u++) {
      if (ends[u] > (u === 0 ? 0 : ends[u - 1]) && request.keep(u)) {
        units.push(u);
      }
    }
    // Where the window lay in the trains searched so far, as fractions of
    // the train: units recorded all session put it at about the same place.
    const found: [number, number][] = [];
    const search = async (u: number): Promise<RowRange> => {
      const a = u === 0 ? 0 : ends[u - 1];
      const b = ends[u];
      const hint = found.length
        ? {
            from: median(found.map(f => f[0])),
            to: median(found.map(f => f[1]))
          }
        : undefined;
      const w = await trainWindow(
        (i, j) => this.numbers(this.layout.units.spikeTimesPath, i, j),
        a,
        b,
        block,
        t0,
        t1,
        hint
      );
      if (w.unsorted) {
        // Read whole: the fixed time axis drops what is outside the window.
        return [a, b];
      }
      found.push([(w.from - a) / (b - a), (w.to - a) / (b - a)]);
      return [w.from, w.to];
    };
    const ranges: RowRange[] = [];
    // One unit first teaches the others where to look; then a batch at a
    // time, its reads pipelined to the worker.
    for (let i = 0; i < units.length;) {
      request.signal?.throwIfAborted();
      const batch = units.slice(i, i + (found.length ? WINDOW_BATCH : 1));
      ranges.push(...(await Promise.all(batch.map(search))));
      i += batch.length;
    }
    return ranges.filter(([a, b]) => b > a);
  }

  private async columns(
    [a, b]: RowRange,
    signal?: AbortSignal
  ): Promise<Columns> {
    signal?.throwIfAborted();
    const { units, depth, amplitude } = this.layout;
    const slice: [number, number][] = [[a, b]];
    const values = await Promise.all(
      [units.spikeTimesPath, depth.path, amplitude.path].map(path =>
        this.read(path, slice)
      )
    );
    return values.map(asNumbers) as Columns;
  }

  private async checkedOffsets(): Promise<Float64Array> {
    const { units, depth, amplitude } = this.layout;
    const [times, depths, amps] = await Promise.all(
      [units.indexPath, depth.indexPath, amplitude.indexPath].map(path =>
        this.numbers(path, 0, units.units)
      )
    );
    for (const [column, index] of [
      [depth, depths],
      [amplitude, amps]
    ] as const) {
      const row = index.findIndex((v, u) => v !== times[u]);
      if (row >= 0) {
        throw new Error(
          `${column.indexPath} differs from ${units.indexPath} at unit row ${row} (${index[row]} ≠ ${times[row]}): ${column.name} is not one value per spike of each unit, so spikes cannot be matched with their ${column === depth ? 'depths' : 'amplitudes'}`
        );
      }
    }
    return times;
  }

  private blockRows(): Promise<number> {
    if (!this.block) {
      const path = this.layout.amplitude.path;
      this.block = this.info
        ? this.info(path).then(readBlockRows, () => readBlockRows(null))
        : Promise.resolve(readBlockRows(null));
    }
    return this.block;
  }

  private async numbers(
    path: string,
    a: number,
    b: number
  ): Promise<Float64Array> {
    return Float64Array.from(asNumbers(await this.read(path, [[a, b]])));
  }
}

/** A dataset slice as numbers (bigint indices widened). */
function asNumbers(values: unknown): ArrayLike<number> {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return Float64Array.from(values, Number);
  }
  if (ArrayBuffer.isView(values) || Array.isArray(values)) {
    return values as ArrayLike<number>;
  }
  throw new Error(`expected numbers, read ${typeof values}`);
}

/** Finite min and max of one column of the pieces read. */
function extent(pieces: Columns[], column: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const piece of pieces) {
    const values = piece[column];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        continue;
      }
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
  }
  return [lo, hi];
}

function extentWith(
  [lo, hi]: [number, number],
  [a, b]: readonly [number, number]
): [number, number] {
  return [Math.min(lo, a), Math.max(hi, b)];
}

/** A growing axis over `[lo, hi]` with a margin (so later chunks rarely make it grow). */
function padded([lo, hi]: [number, number], bins: number, margin: number) {
  const pad = Number.isFinite(hi - lo) ? (hi - lo) * margin : 0;
  return axisOver(lo - pad, hi + pad, bins);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}
