import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { WidgetTracker } from '@jupyterlab/apputils';

import type { NwbDocumentWidget } from '../widget/factories';

/** The command's id (stable: users may bind a key to it). */
export const OPEN_EXPLORER_COMMAND = 'ibl-nwb:open-session-explorer';

/**
 * "Open session explorer": the current viewer tab shows its file's
 * session explorer (also a button on the file's overview and a view tab
 * of the file's root). Offered in the viewer's context menu.
 */
export function addOpenExplorerCommand(
  app: JupyterFrontEnd,
  tracker: WidgetTracker<NwbDocumentWidget>
): void {
  app.commands.addCommand(OPEN_EXPLORER_COMMAND, {
    label: 'Open session explorer',
    caption: 'Trials, units, behaviour and video of this file on one time axis',
    isEnabled: () => !!tracker.currentWidget,
    execute: async () => {
      await tracker.currentWidget?.content.select('/', 'explorer');
    }
  });
  app.contextMenu.addItem({
    command: OPEN_EXPLORER_COMMAND,
    selector: '.jp-NwbViewer-document',
    rank: 50
  });
}
