/** Open and load one camera at the shared cursor, or a message saying why it cannot play. */
import type { INeurodataNode } from '../model/tree';
import type { IViewContext } from '../views/registry';
import type { CameraPlayer } from './cameraPlayer';
import { openCamera } from './openCamera';
import { message } from '../views/dom';

export async function mountCamera(
  context: IViewContext,
  node: INeurodataNode
): Promise<CameraPlayer | { note: HTMLElement }> {
  const opened = await openCamera(context, node);
  if ('reason' in opened) {
    return { note: cannotPlay(node.path, opened.reason) };
  }
  try {
    await opened.load(context.time?.cursor ?? null);
  } catch (error) {
    if (context.signal.aborted) {
      throw error;
    }
    return {
      note: cannotPlay(
        node.path,
        error instanceof Error ? error.message : String(error)
      )
    };
  }
  return opened;
}

/** Shown where a camera cannot be played. */
export function cannotPlay(path: string, reason: string): HTMLElement {
  const note = message('error', `Cannot play ${path} because ${reason}.`);
  note.setAttribute('data-testid', 'nwb-video-cannot-play');
  return note;
}
