/**
 * Which ndx-pose PoseEstimation belongs to a camera's ImageSeries. Tried in
 * order: its `original_videos` naming the series' movie file; a device it
 * links that the series also links; the same name once IBL's prefixes are
 * dropped (`/acquisition/VideoLeftCamera` ↔
 * `/processing/pose_estimation/LeftCamera`, as our converter and the
 * release write them).
 */
import type { INeurodataNode } from '../model/tree';

/** Every PoseEstimation in the file. */
export function poseEstimations(root: INeurodataNode): INeurodataNode[] {
  const found: INeurodataNode[] = [];
  const visit = (n: INeurodataNode) => {
    if (!n.softLink && n.ancestry.includes('PoseEstimation')) {
      found.push(n);
    }
    n.children.forEach(visit);
  };
  visit(root);
  return found;
}

const baseName = (p: string) => p.replace(/\\/g, '/').split('/').pop() ?? p;
const cameraKey = (name: string) =>
  name
    .replace(/^(Video|PoseEstimation|Pose)/, '')
    .replace(/(Video|Pose)$/, '')
    .toLowerCase();

/** What is known of a PoseEstimation to match it (read by the caller). */
export interface IPoseCandidate {
  readonly node: INeurodataNode;
  /** original_videos entries (may be empty). */
  readonly originalVideos: string[];
}

/** The pose for `series` (with `movies` as its external_file entries), or undefined. */
export function matchPose(
  series: INeurodataNode,
  movies: string[],
  candidates: IPoseCandidate[]
): INeurodataNode | undefined {
  const names = new Set(movies.map(baseName));
  const byVideo = candidates.find(c =>
    c.originalVideos.some(v => names.has(baseName(v)))
  );
  if (byVideo) {
    return byVideo.node;
  }
  const devicesOf = (n: INeurodataNode) =>
    n.children
      .filter(c => c.softLink?.startsWith('/general/devices/'))
      .map(c => c.softLink);
  const seriesDevices = new Set(devicesOf(series));
  const byDevice = candidates.find(c =>
    devicesOf(c.node).some(d => seriesDevices.has(d))
  );
  if (byDevice) {
    return byDevice.node;
  }
  const key = cameraKey(series.name);
  return candidates.find(c => cameraKey(c.node.name) === key)?.node;
}
