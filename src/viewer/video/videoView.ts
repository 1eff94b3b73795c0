/**
 * View `video`: an ImageSeries whose frames are in movie files
 * (external_file) played in a <video>, frame-exact and on the series' own
 * timestamps, following and driving the tab's shared cursor, with the
 * camera's ndx-pose keypoints over it.
 */
import type { INwbView, IViewContext } from '../views/registry';
import { cameraControls } from './cameraControls';
import { mountCamera } from './mountCamera';
import { hasExternalFile } from './videoSeries';

export const videoView: INwbView = {
  id: 'video',
  label: 'Video',
  // above the in-file frame player (70): a movie-backed series has no frames in the file
  priority: 75,
  canHandle: node => hasExternalFile(node),
  async render(host: HTMLElement, context: IViewContext) {
    const player = await mountCamera(context, context.node);
    if ('note' in player) {
      host.append(player.note);
      return;
    }
    host.append(cameraControls([player], context, host), player.element);
  }
};
