/**
 * From an ImageSeries node to a loaded CameraPlayer: read the series, find
 * its movie(s) under the Jupyter root or the file's URL, match its pose.
 * Returns a reason instead when the series cannot be played.
 */
import { PageConfig } from '@jupyterlab/coreutils';

import type { INeurodataNode } from '../model/tree';
import { asTextList } from '../model/text';
import type { IViewContext } from '../views/registry';
import { fileRequest } from '../widget/fileUrl';
import { CameraPlayer, type IMovieSource } from './cameraPlayer';
import { resolveMovie, type FileLocation } from './moviePath';
import { matchPose, poseEstimations } from './poseMatch';
import { PoseKeypoints } from './poseKeypoints';
import { readVideoSeries } from './videoSeries';

/** The `/files/` URL of a server path; the token rides in the query (a <video> sends no headers). */
function serverUrl(path: string): string {
  const { url, headers } = fileRequest(path);
  const token = headers.Authorization?.replace(/^token /, '');
  return token ? `${url}?token=${encodeURIComponent(token)}` : url;
}

async function sourcesOf(
  location: FileLocation,
  files: string[]
): Promise<IMovieSource[] | { reason: string }> {
  const serverRoot = PageConfig.getOption('serverRoot') || undefined;
  const sources: IMovieSource[] = [];
  for (const entry of files) {
    const found = resolveMovie(location, entry, serverRoot);
    if ('reason' in found) {
      return found;
    }
    sources.push(
      found.kind === 'server'
        ? { url: serverUrl(found.path), label: found.path }
        : { url: found.url, label: found.url }
    );
  }
  return sources;
}

async function poseFor(
  context: IViewContext,
  node: INeurodataNode,
  files: string[]
): Promise<PoseKeypoints | null> {
  const candidates = await Promise.all(
    poseEstimations(context.model.tree).map(async pose => {
      const videos = pose.children.find(c => c.name === 'original_videos');
      return {
        node: pose,
        originalVideos: videos
          ? asTextList(await context.read(videos.path))
          : []
      };
    })
  );
  const pose = matchPose(node, files, candidates);
  return pose ? PoseKeypoints.open(pose, (p, s) => context.read(p, s)) : null;
}

/** A player for `node`, loaded at the shared cursor, or why it cannot play. */
export async function openCamera(
  context: IViewContext,
  node: INeurodataNode
): Promise<CameraPlayer | { reason: string }> {
  const series = await readVideoSeries(context.source, node, p =>
    context.read(p)
  );
  if ('reason' in series) {
    return series;
  }
  if (
    series.times.kind === 'rate' &&
    series.files.length > 1 &&
    series.numSamples === undefined
  ) {
    return {
      reason: `it spreads its frames over ${series.files.length} movies with a frame rate, no timestamps and no num_samples, so the last movie's frame count is unknown`
    };
  }
  if (!context.file) {
    return {
      reason:
        'the viewer was not told where the NWB file is, so its relative movie paths cannot be resolved'
    };
  }
  const sources = await sourcesOf(context.file, series.files);
  if ('reason' in sources) {
    return sources;
  }
  const pose = await poseFor(context, node, series.files);
  const player = new CameraPlayer(series, sources, pose, context.signal);
  return player;
}
