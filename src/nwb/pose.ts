/** ndx-pose: Skeletons / Skeleton, PoseEstimation with one PoseEstimationSeries per keypoint. */
import { ArraySource, writeArray } from './array';
import { childPath, INwbObject } from './context';
import { getGroup, markTyped, scalarText, textArray, textAttr } from './h5';
import { ITimestampTiming, IRateTiming, writeTimeSeries } from './timeseries';

export interface ISkeletonSpec {
  name: string;
  nodes: string[];
  /** Pairs of node indices. */
  edges?: [number, number][];
  subject?: INwbObject;
}

/** A `Skeletons` container (default name "Skeletons") holding the given skeletons. */
export async function writeSkeletons(
  parent: INwbObject,
  skeletons: ISkeletonSpec[],
  name = 'Skeletons'
): Promise<INwbObject[]> {
  const { ctx } = parent;
  ctx.namespaces.add('ndx-pose');
  const container = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(
    name
  );
  markTyped(container, 'Skeletons', 'ndx-pose');
  const out: INwbObject[] = [];
  for (const s of skeletons) {
    const g = container.create_group(s.name);
    markTyped(g, 'Skeleton', 'ndx-pose');
    textArray(g, 'nodes', s.nodes);
    // ndx-pose declares edges as uint8 pairs, so a skeleton has at most 256 nodes.
    const edges = Uint8Array.from((s.edges ?? []).flat());
    await writeArray(ctx, g, 'edges', {
      values: edges,
      shape: [edges.length / 2, 2]
    });
    if (s.subject) {
      g.create_soft_link(s.subject.path, 'subject');
    }
    out.push({ ctx, path: childPath(childPath(parent.path, name), s.name) });
  }
  return out;
}

export interface IPoseSeriesSpec {
  name: string;
  description?: string;
  /** [frames, 2] or [frames, 3] positions. */
  data: ArraySource;
  /** Likelihood per frame, 0–1. */
  confidence?: Float32Array | Float64Array;
  confidenceDefinition?: string;
  unit?: string;
  referenceFrame: string;
}

export interface IPoseEstimationSpec {
  name: string;
  description?: string;
  series: IPoseSeriesSpec[];
  /** Timing of every series; timestamps are written once and linked by the others. */
  timing: IRateTiming | ITimestampTiming;
  skeleton?: INwbObject;
  devices?: INwbObject[];
  originalVideos?: string[];
  scorer?: string;
  sourceSoftware?: { name: string; version?: string };
}

export async function writePoseEstimation(
  parent: INwbObject,
  spec: IPoseEstimationSpec
): Promise<INwbObject> {
  const { ctx } = parent;
  ctx.namespaces.add('ndx-pose');
  const g = getGroup(ctx.file, parent.path, ctx.fsPath).create_group(spec.name);
  markTyped(g, 'PoseEstimation', 'ndx-pose');
  const self = { ctx, path: childPath(parent.path, spec.name) };
  if (spec.description !== undefined) {
    scalarText(g, 'description', spec.description);
  }
  if (spec.originalVideos) {
    textArray(g, 'original_videos', spec.originalVideos);
  }
  if (spec.scorer !== undefined) {
    scalarText(g, 'scorer', spec.scorer);
  }
  if (spec.sourceSoftware) {
    const sw = scalarText(g, 'source_software', spec.sourceSoftware.name);
    if (spec.sourceSoftware.version !== undefined) {
      textAttr(sw, 'version', spec.sourceSoftware.version);
    }
  }
  let timing = spec.timing;
  for (const s of spec.series) {
    const series = await writeTimeSeries(
      self,
      {
        name: s.name,
        description: s.description,
        data: s.data,
        unit: s.unit ?? 'pixels',
        timing
      },
      { neurodataType: 'PoseEstimationSeries', namespace: 'ndx-pose' },
      async group => {
        scalarText(group, 'reference_frame', s.referenceFrame);
        if (s.confidence) {
          const c = await writeArray(ctx, group, 'confidence', s.confidence);
          if (s.confidenceDefinition !== undefined) {
            textAttr(c, 'definition', s.confidenceDefinition);
          }
        }
      }
    );
    if ('timestamps' in timing) {
      timing = { timestamps: series };
    }
  }
  if (spec.skeleton) {
    g.create_soft_link(
      spec.skeleton.path,
      spec.skeleton.path.split('/').pop()!
    );
  }
  for (const d of spec.devices ?? []) {
    g.create_soft_link(d.path, d.path.split('/').pop()!);
  }
  return self;
}
