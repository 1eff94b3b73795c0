/**
 * View `cameras`: every movie-backed ImageSeries under a group (the file
 * root, /acquisition, a processing module) side by side, all on the tab's
 * one cursor. The first playable camera leads playback.
 */
import { h, message } from '../views/dom';
import type { INwbView, IViewContext } from '../views/registry';
import { cameraControls } from './cameraControls';
import type { CameraPlayer } from './cameraPlayer';
import { mountCamera } from './mountCamera';
import { hasExternalFile, moviesUnder } from './videoSeries';

export const camerasView: INwbView = {
  id: 'cameras',
  label: 'Cameras',
  // below the overview and explorer on the root; the default on a plain group of cameras
  priority: 15,
  canHandle: node =>
    node.kind === 'group' &&
    !node.softLink &&
    !hasExternalFile(node) &&
    moviesUnder(node).length > 0,
  async render(host: HTMLElement, context: IViewContext) {
    const series = moviesUnder(context.node);
    const grid = h('div', { class: 'jp-NwbVideo-grid' });
    const mounted = await Promise.all(series.map(s => mountCamera(context, s)));
    const players: CameraPlayer[] = [];
    for (const m of mounted) {
      if ('note' in m) {
        grid.append(m.note);
      } else {
        players.push(m);
        grid.append(m.element);
      }
    }
    if (players.length === 0) {
      host.append(
        message(
          'info',
          `None of the ${series.length} cameras under ${context.node.path} can be played.`
        ),
        grid
      );
      return;
    }
    host.append(cameraControls(players, context, host), grid);
  }
};
