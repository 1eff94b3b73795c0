/**
 * "Convert to NWB…" on a file-browser item: an ALF session folder or a saved
 * metadata document. Asks for the output path, then starts the job on the
 * server through the sidebar, which shows its progress.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { Contents } from '@jupyterlab/services';

import {
  defaultOutput,
  IConversionTarget,
  metadataTarget,
  sessionFolderTarget
} from './conversionTarget';
import { ConvertDialogBody } from './convertDialog';
import { iblNwbIcon } from './icons';
import { getSession } from './sidebar/api';
import { parentFolder } from './sidebar/convert/convertOptions';
import { ensureFolder } from './sidebar/metadata/metadataFiles';
import type { SidebarPanel } from './sidebar/SidebarPanel';
import { CommandIDs } from './tokens';

/** The one selected item, if it is something "Convert to NWB…" understands. */
function selectedItem(browser: IDefaultFileBrowser): Contents.IModel | null {
  const items = [...browser.selectedItems()];
  if (items.length !== 1) {
    return null;
  }
  const [item] = items;
  if (item.type === 'directory') {
    return sessionFolderTarget(item.path) ? item : null;
  }
  return item.path.toLowerCase().endsWith('.json') ? item : null;
}

async function targetOf(
  app: JupyterFrontEnd,
  item: Contents.IModel,
  cacheDir: string
): Promise<IConversionTarget | string> {
  if (item.type === 'directory') {
    return (
      sessionFolderTarget(item.path) ??
      `${item.path} is not an ALF session folder (<lab>/Subjects/<subject>/<date>/<number>).`
    );
  }
  const file = await app.serviceManager.contents.get(item.path, {
    content: true,
    format: 'text',
    type: 'file'
  });
  return metadataTarget(item.path, String(file.content), cacheDir);
}

export function addConvertCommand(
  app: JupyterFrontEnd,
  browser: IDefaultFileBrowser,
  sidebar: SidebarPanel
): void {
  app.commands.addCommand(CommandIDs.convertItem, {
    label: 'Convert to NWB…',
    caption:
      'Convert the selected ALF session folder or NWB metadata document (.json) to NWB on the server',
    icon: args => (args.isPalette ? undefined : iblNwbIcon),
    // In the palette always (it explains what to select); in menus only where it applies.
    isVisible: args => !!args.isPalette || selectedItem(browser) !== null,
    execute: async () => {
      const item = selectedItem(browser);
      if (!item) {
        await showErrorMessage(
          'Convert to NWB',
          'Select one ALF session folder (<lab>/Subjects/<subject>/<date>/<number>) or one metadata .json in the file browser first.'
        );
        return;
      }
      const { cacheDir, outputDir } = sidebar.settings;
      let target: IConversionTarget | string;
      try {
        target = await targetOf(app, item, cacheDir);
      } catch (error) {
        target = `Could not read ${item.path}: ${(error as Error).message}`;
      }
      if (typeof target === 'string') {
        await showErrorMessage('Convert to NWB', target);
        return;
      }
      // What the converter will write from this session: its own list (ibl2nwb info).
      const info = await getSession({ cache: target.cacheDir }, target.eid)
        .then(found => found)
        .catch(
          (error: Error) =>
            `Could not list the session's modalities: ${error.message}`
        );
      const interfaces = typeof info === 'string' ? info : info.interfaces;
      const answer = await showDialog({
        title: `Convert ${target.eid} to NWB`,
        body: new ConvertDialogBody(
          // The same name the sidebar proposes for this session (one naming rule).
          typeof info === 'string'
            ? defaultOutput(target, outputDir)
            : defaultOutput(
                target,
                outputDir,
                info.interfaces,
                info.session.eid
              ),
          interfaces
        ),
        buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Convert' })]
      });
      if (!answer.button.accept || !answer.value) {
        return;
      }
      app.shell.activateById(sidebar.id);
      const output = answer.value.trim();
      try {
        // The default output folder (setting "nwb") does not exist on a fresh install:
        // create it, as the sidebar's Convert does.
        await ensureFolder(app.serviceManager.contents, parentFolder(output));
        await sidebar.startConversion({
          eid: target.eid,
          cacheDir: target.cacheDir,
          output,
          metadata: target.metadata
        });
      } catch (error) {
        await showErrorMessage('Convert to NWB', (error as Error).message, [
          Dialog.okButton()
        ]);
      }
    }
  });
  // On folders (shown only for ALF session folders) and .json files.
  app.contextMenu.addItem({
    command: CommandIDs.convertItem,
    selector: '.jp-DirListing-item[data-isdir="true"]',
    rank: 60
  });
  app.contextMenu.addItem({
    command: CommandIDs.convertItem,
    selector: '.jp-DirListing-item[data-file-type="json"]',
    rank: 60
  });
}
