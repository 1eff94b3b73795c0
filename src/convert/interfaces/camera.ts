/** Video-derived data share the camera frame times (`_ibl_<view>Camera.times.npy`, session clock). */
import { InterfaceSkipped, noRowsReason } from '../modality';
import {
  addNote,
  type ISessionContext,
  type ISessionPlan
} from '../session/context';
import { camerasPassingQc } from '../session/qcPolicy';
import {
  DatasetContentError,
  requireAscending,
  requireFinite
} from '../session/errors';

export const CAMERA_VIEWS = ['left', 'right', 'body'] as const;
export type CameraView = (typeof CAMERA_VIEWS)[number];

export const ALF = 'alf';

/**
 * How many rows a per-frame table may have beyond its frame times before it is
 * damage rather than the known tail. Real sessions have pupil features (and
 * sometimes pose and motion energy) a few rows longer than the times: the
 * video holds frames past the last frame pulse the times were extracted from,
 * and those frames are at the end. That tail is a handful of frames; it does
 * not grow with the session. An absolute bound says that (100 frames: 0.7 s
 * at the 150 Hz right camera, 3.3 s at the 30 Hz body camera); a percentage
 * would let thousands of unexplained rows through on a long session (1 % of
 * an hour at 150 Hz is 5,400 frames) while refusing a 3-frame tail on a short
 * test recording.
 */
export const MAX_EXTRA_FRAMES = 100;

export function timesName(view: CameraView): string {
  return `_ibl_${view}Camera.times.npy`;
}

/** `left` → `Left`. */
export function titleCase(view: string): string {
  return view.charAt(0).toUpperCase() + view.slice(1);
}

export interface IFrameTimes {
  times: Float64Array;
  /** rel_path of the times dataset. */
  timesSource: string;
  /** Rows of the table to write: the first `rows` (= times.length). */
  rows: number;
  /** The table's source label for the fidelity report (`…[:rows]` when cut). */
  tableSource: string;
}

/** Names a camera's per-frame table, or undefined when the camera has none. */
export type TableOf = (view: CameraView) => string | undefined;

/**
 * The cameras among `views` with a per-frame table whose frame times are not
 * known to be absent: from the records only (availability, needs). A camera
 * with frame times but no such table is normal (the table was not computed
 * for it) and is not listed.
 */
export function camerasWithTable(
  ctx: ISessionPlan,
  views: readonly CameraView[],
  tableOf: TableOf
): CameraView[] {
  return views.filter(
    view =>
      tableOf(view) !== undefined &&
      !ctx.data.index.recordedAbsent(ALF, timesName(view))
  );
}

/**
 * The cameras among `views` whose per-frame table can be written, checked
 * before anything is written. A table without its camera's frame times is an
 * incomplete camera object (an interrupted copy or download): the run fails
 * naming the missing times file, as for any other part of an object, rather
 * than dropping that camera's data in silence. Only when the records say the
 * times do not exist (a cache row with `exists` false: the data provider has
 * none) is the camera left out, with a note.
 */
export function camerasWithFrameTimes(
  ctx: ISessionContext,
  step: string,
  views: readonly CameraView[],
  tableOf: TableOf
): CameraView[] {
  const kept: CameraView[] = [];
  const withTable = views.filter(view => tableOf(view) !== undefined);
  for (const view of camerasPassingQc(ctx, step, withTable)) {
    const table = tableOf(view)!;
    const times = timesName(view);
    if (ctx.data.index.find(ALF, times)) {
      kept.push(view);
    } else if (ctx.data.index.recordedAbsent(ALF, times)) {
      addNote(
        ctx,
        step,
        `${ALF}/${table} not written: the dataset records say ${ALF}/${times} does not exist, so its rows have no frame times (${view} camera)`
      );
    } else {
      ctx.data.dataset(ALF, times); // throws MissingDatasetError naming the times file
    }
  }
  return kept;
}

/**
 * Frame times for a per-frame table of `tableRows` rows (`table`, its rel_path),
 * the way the release lines them up: a table up to MAX_EXTRA_FRAMES rows longer
 * than the times keeps its first len(times) rows (a report note says how many
 * were dropped, for this camera and table). A table shorter than the times, or
 * longer by more, is damage: which frames its rows belong to is unknown, so
 * the conversion fails naming both datasets.
 */
export async function frameTimes(
  ctx: ISessionContext,
  step: string,
  view: CameraView,
  tableRows: number,
  table: string
): Promise<IFrameTimes> {
  const name = timesName(view);
  const times = await ctx.data.numbers(ALF, name);
  const timesSource = ctx.data.dataset(ALF, name).relPath;
  const extra = tableRows - times.length;
  if (times.length === 0 || extra < 0 || extra > MAX_EXTRA_FRAMES) {
    throw new DatasetContentError(
      `${table} / ${timesSource}`,
      `${tableRows} rows for ${times.length} frame times of the ${view} camera` +
        (extra < 0
          ? ' (fewer rows than frames: which frames the rows belong to is unknown)'
          : ` (${extra} extra rows; up to ${MAX_EXTRA_FRAMES} extra rows at the end are tolerated)`),
      'The camera data are inconsistent: re-download them or pick another revision, or leave this modality out (--modalities).'
    );
  }
  requireFinite(times, timesSource, 'a frame time');
  requireAscending(times, timesSource, 'frame times');
  if (extra > 0) {
    addNote(
      ctx,
      step,
      `${table} has ${tableRows} rows for ${times.length} frame times in ${timesSource}: kept the first ${times.length} rows and dropped the last ${extra} (${view} camera)`
    );
  }
  return {
    times,
    timesSource,
    rows: times.length,
    tableSource: extra > 0 ? `${table}[:${times.length}]` : table
  };
}

/**
 * The cameras whose table has rows. An empty table is never written: an empty
 * camera is left out with a note, and when every camera is empty the whole
 * interface is skipped ("<dataset> has no rows"). Call before writing anything.
 */
export function camerasWithRows<T extends { dataset: string; rows: number }>(
  ctx: ISessionContext,
  step: string,
  cameras: T[],
  what: (camera: T) => string
): T[] {
  const empty = cameras.filter(c => c.rows === 0);
  if (empty.length === cameras.length) {
    throw new InterfaceSkipped(
      empty.map(c => noRowsReason(c.dataset)).join('; ')
    );
  }
  for (const c of empty) {
    addNote(ctx, step, `${noRowsReason(c.dataset)}: ${what(c)} not written`);
  }
  return cameras.filter(c => c.rows > 0);
}
