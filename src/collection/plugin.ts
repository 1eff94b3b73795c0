/**
 * "Open as NWB collection": on a folder in the file browser's context menu
 * and in the command palette (the selected folder, else the one asked for).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, MainAreaWidget } from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';

import { iblNwbIcon } from '../icons';
import { CommandIDs } from '../tokens';
import { CollectionPanel } from './CollectionPanel';
import { openInViewer } from './drill';
import { openIndexStore } from './indexStore';

function selectedFolder(browser: IDefaultFileBrowser | null): string | null {
  const items = browser ? [...browser.selectedItems()] : [];
  return items.length === 1 && items[0].type === 'directory'
    ? items[0].path
    : null;
}

async function askFolder(current: string): Promise<string | null> {
  const answer = await InputDialog.getText({
    title: 'Open as NWB collection',
    label: 'Folder of .nwb files (relative to the server root)',
    text: current,
    okLabel: 'Open'
  });
  return answer.button.accept
    ? (answer.value ?? '').trim().replace(/^\/+|\/+$/g, '')
    : null;
}

export function addCollectionCommand(
  app: JupyterFrontEnd,
  browser: IDefaultFileBrowser | null
): void {
  const store = openIndexStore();
  const open = new Map<string, MainAreaWidget<CollectionPanel>>();
  app.commands.addCommand(CommandIDs.openCollection, {
    label: 'Open as NWB collection',
    caption:
      'Index the .nwb files of a folder: a sessions table and units pooled by brain region',
    icon: args => (args.isPalette ? undefined : iblNwbIcon),
    execute: async args => {
      const folder =
        typeof args.path === 'string'
          ? args.path
          : (selectedFolder(browser) ??
            (await askFolder(browser?.model.path ?? '')));
      if (folder === null) {
        return;
      }
      const existing = open.get(folder);
      if (existing && !existing.isDisposed) {
        app.shell.activateById(existing.id);
        return existing.content.refresh();
      }
      const content = new CollectionPanel({
        folder,
        contents: app.serviceManager.contents,
        store,
        openFile: (path, unit) =>
          void openInViewer(app, path, unit).catch(reason =>
            console.error(
              `IBL → NWB: could not open ${path} in the viewer`,
              reason
            )
          )
      });
      const widget = new MainAreaWidget({ content });
      widget.id = `jp-NwbCollection-${open.size + 1}-${Date.now()}`;
      widget.title.label = `Collection: ${folder.split('/').pop() || '/'}`;
      widget.title.caption = `NWB collection ${folder || '/'}`;
      widget.title.icon = iblNwbIcon;
      widget.title.closable = true;
      open.set(folder, widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
      return content.refresh();
    }
  });
  app.contextMenu.addItem({
    command: CommandIDs.openCollection,
    selector: '.jp-DirListing-item[data-isdir="true"]',
    rank: 62
  });
}
