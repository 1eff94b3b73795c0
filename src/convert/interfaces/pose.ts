/**
 * Pose (Lightning Pose, else DeepLabCut) per camera → `/processing/pose_estimation/<View>Camera`
 * (ndx-pose), one PoseEstimationSeries per keypoint, likelihood as confidence.
 */
import { writePoseEstimation, writeSkeletons } from '../../nwb/pose';
import type { ITable } from '../../one/tables';
import { recomputePoseXY } from '../fidelity/independent/pose';
import type { IArrayCheck, IDatasetNeed } from '../modality';
import {
  processingModule,
  type ISessionInterface,
  type ISessionPlan
} from '../session/context';
import { DatasetContentError } from '../session/errors';
import {
  ALF,
  CAMERA_VIEWS,
  camerasWithFrameTimes,
  camerasWithRows,
  camerasWithTable,
  CameraView,
  frameTimes,
  timesName,
  titleCase
} from './camera';

/** IBL keypoint names → the release's series suffixes. */
const KEYPOINTS: Record<string, string> = {
  nose_tip: 'NoseTip',
  paw_l: 'LeftPaw',
  paw_r: 'RightPaw',
  tongue_end_l: 'LeftTongueEnd',
  tongue_end_r: 'RightTongueEnd',
  pupil_top_r: 'RightPupilTop',
  pupil_bottom_r: 'RightPupilBottom',
  pupil_left_r: 'RightPupilLeft',
  pupil_right_r: 'RightPupilRight',
  tube_top: 'TubeTop',
  tube_bottom: 'TubeBottom',
  tail_start: 'TailStart'
};

const TRACKERS: [string, string][] = [
  ['lightningPose', 'Lightning Pose'],
  ['dlc', 'DeepLabCut']
];

/** The camera's pose table (Lightning Pose first), whether or not its frame times are there. */
function tracked(ctx: ISessionPlan, view: CameraView) {
  for (const [attribute, software] of TRACKERS) {
    const name = `_ibl_${view}Camera.${attribute}.pqt`;
    if (ctx.data.index.find(ALF, name)) {
      return { name, software };
    }
  }
  return undefined;
}

const poseTable = (ctx: ISessionPlan) => (view: CameraView) =>
  tracked(ctx, view)?.name;

/** The first `rows` values of a column (the rows that have frame times). */
function column(
  table: ITable,
  name: string,
  dataset: string,
  rows: number
): Float64Array {
  const c = table.columns.find(x => x.name === name);
  if (!c) {
    throw new DatasetContentError(dataset, `has no column ${name}`);
  }
  const values = c.values as ArrayLike<number | bigint>;
  // float64 columns are used as read (never modified); others are widened in one pass.
  if (values instanceof Float64Array) {
    return values.subarray(0, rows);
  }
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    out[i] = Number(values[i]);
  }
  return out;
}

/** Keypoints of a pose table: names with _x, _y and _likelihood columns. */
export function keypointsOf(table: ITable): string[] {
  const names = new Set(table.columns.map(c => c.name));
  return table.columns
    .filter(c => c.name.endsWith('_x'))
    .map(c => c.name.slice(0, -2))
    .filter(k => names.has(`${k}_y`) && names.has(`${k}_likelihood`));
}

/** [frames, 2] positions; NaN where the likelihood is below the threshold, if any. */
export function interleave(
  x: Float64Array,
  y: Float64Array,
  likelihood: Float64Array,
  threshold?: number
): Float64Array {
  // Shared memory: the NWB writer's deflate workers compress it in place (no copy).
  const xy = new Float64Array(new SharedArrayBuffer(16 * x.length));
  for (let j = 0; j < x.length; j++) {
    const hidden = threshold !== undefined && likelihood[j] < threshold;
    xy[2 * j] = hidden ? NaN : x[j];
    xy[2 * j + 1] = hidden ? NaN : y[j];
  }
  return xy;
}

export const poseInterface: ISessionInterface = {
  name: 'pose',
  title: 'Pose estimation (ndx-pose)',
  kind: 'processed',
  datasets(ctx): IDatasetNeed[] {
    return camerasWithTable(ctx, CAMERA_VIEWS, poseTable(ctx)).flatMap(
      (view): IDatasetNeed[] => [
        { name: tracked(ctx, view)!.name, collection: ALF },
        { name: timesName(view), collection: ALF }
      ]
    );
  },
  availability(ctx) {
    return camerasWithTable(ctx, CAMERA_VIEWS, poseTable(ctx)).length > 0
      ? { available: true }
      : {
          available: false,
          reason: 'no camera has a lightningPose or dlc table with frame times'
        };
  },
  async write(ctx, progress, signal) {
    const threshold = ctx.poseLikelihoodThreshold;
    const views = camerasWithFrameTimes(
      ctx,
      'pose',
      CAMERA_VIEWS,
      poseTable(ctx)
    );
    const checks: IArrayCheck[] = [];
    const loaded = [];
    for (const view of views) {
      const { name, software } = tracked(ctx, view)!;
      const table = await ctx.data.table(ALF, name);
      const source = ctx.data.dataset(ALF, name).relPath;
      const keypoints = keypointsOf(table);
      if (keypoints.length === 0) {
        throw new DatasetContentError(
          source,
          'has no <keypoint>_x/_y/_likelihood columns'
        );
      }
      loaded.push({
        view,
        software,
        table,
        source,
        keypoints,
        dataset: source,
        rows: table.numRows
      });
    }
    const cameras = camerasWithRows(
      ctx,
      'pose',
      loaded,
      c => `the ${c.view} camera pose`
    );
    const module = processingModule(
      ctx,
      'pose_estimation',
      'Pose estimation of body parts from the session videos.'
    );
    const skeletons = await writeSkeletons(
      module,
      cameras.map(l => ({
        name: `${titleCase(l.view)}Camera`,
        nodes: l.keypoints.map(k => KEYPOINTS[k] ?? k),
        subject: { ctx: ctx.nwb.ctx, path: '/general/subject' }
      }))
    );
    for (const [i, l] of cameras.entries()) {
      signal.throwIfAborted();
      const frames = await frameTimes(
        ctx,
        'pose',
        l.view,
        l.table.numRows,
        l.source
      );
      const { times, timesSource, rows } = frames;
      const target = `/processing/pose_estimation/${titleCase(l.view)}Camera`;
      const series = l.keypoints.map(k => {
        const x = column(l.table, `${k}_x`, l.source, rows);
        const y = column(l.table, `${k}_y`, l.source, rows);
        const likelihood = column(l.table, `${k}_likelihood`, l.source, rows);
        const xy = interleave(x, y, likelihood, ctx.poseLikelihoodThreshold);
        const name = `PoseEstimationSeries${KEYPOINTS[k] ?? k}`;
        checks.push(
          ctx.ledger.expect(
            `${frames.tableSource}#${k}_x,${k}_y`,
            `${target}/${name}/data`,
            recomputePoseXY(x, y, likelihood, ctx.poseLikelihoodThreshold),
            threshold === undefined
              ? 'x, y as [frames, 2]'
              : `x, y as [frames, 2], NaN where likelihood < ${threshold}`
          ),
          ctx.ledger.expect(
            `${frames.tableSource}#${k}_likelihood`,
            `${target}/${name}/confidence`,
            likelihood
          )
        );
        return {
          name,
          description: `Position of ${k} (IBL keypoint name) in the ${l.view} camera image.`,
          data: { values: xy, shape: [x.length, 2] },
          confidence: likelihood,
          confidenceDefinition: 'Likelihood of the keypoint estimate, 0 to 1.',
          unit: 'pixels',
          referenceFrame: '(0,0) is the top-left corner of the video frame.'
        };
      });
      const first = `${target}/${series[0].name}/timestamps`;
      checks.push(ctx.ledger.expect(timesSource, first, times));
      await writePoseEstimation(module, {
        name: `${titleCase(l.view)}Camera`,
        description: `Keypoints tracked with ${l.software} in the ${l.view} camera video; ${threshold === undefined ? 'no likelihood threshold applied' : `x, y set to NaN where the likelihood is below ${threshold}`}.`,
        series,
        timing: { timestamps: times },
        skeleton: skeletons[i],
        sourceSoftware: { name: l.software }
      });
      progress((i + 1) / cameras.length);
    }
    return checks;
  }
};
