/**
 * "Validate NWB file": run the NWB Inspector and `dandi validate` on the
 * server for a .nwb under its root and show the findings in a panel. On a
 * .nwb in the file browser's context menu, and in the command palette (the
 * selected .nwb, else the path asked for).
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, MainAreaWidget } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';

import { iblNwbIcon } from './icons';
import { baseName } from './sidebar/convert/convertOptions';
import { CommandIDs } from './tokens';
import { ValidationPanel } from './validationPanel';

/** The one selected file of the browser, if it is an .nwb. */
function selectedNwb(browser: IDefaultFileBrowser | null): string | null {
  const items = browser ? [...browser.selectedItems()] : [];
  if (items.length !== 1 || items[0].type === 'directory') {
    return null;
  }
  return items[0].path.toLowerCase().endsWith('.nwb') ? items[0].path : null;
}

async function askPath(): Promise<string | null> {
  const answer = await InputDialog.getText({
    title: 'Validate NWB file',
    label: 'NWB file to validate (relative to the server root)',
    placeholder: 'nwb/sub-X_ses-Y_desc-processed_behavior+ecephys.nwb',
    okLabel: 'Validate'
  });
  return answer.button.accept && answer.value ? answer.value.trim() : null;
}

export function addValidateCommand(
  app: JupyterFrontEnd,
  browser: IDefaultFileBrowser | null
): void {
  let opened = 0;
  app.commands.addCommand(CommandIDs.validateFile, {
    label: 'Validate NWB file',
    caption:
      'Check an NWB file with the NWB Inspector and dandi validate on the server',
    icon: args => (args.isPalette ? undefined : iblNwbIcon),
    execute: async args => {
      const path =
        (typeof args.path === 'string' && args.path) ||
        selectedNwb(browser) ||
        (await askPath());
      if (!path) {
        return;
      }
      const widget = new MainAreaWidget({ content: new ValidationPanel(path) });
      widget.id = `jp-IblNwb-validation-${++opened}`;
      widget.title.label = `Validation: ${baseName(path)}`;
      widget.title.caption = `NWB Inspector and dandi findings for ${path}`;
      widget.title.icon = iblNwbIcon;
      widget.title.closable = true;
      app.shell.add(widget, 'main', { mode: 'split-right' });
      app.shell.activateById(widget.id);
    }
  });
  app.contextMenu.addItem({
    command: CommandIDs.validateFile,
    selector: '.jp-DirListing-item[data-file-type="nwb"]',
    rank: 61
  });
}
