/** Registers the batch-status panel in the left area and a command to open it. */
import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';

import { BatchPanel } from './BatchPanel';

export const OPEN_BATCH_PANEL = 'ibl-nwb:open-batch-status';

export function addBatchPanel(
  app: JupyterFrontEnd,
  restorer: ILayoutRestorer | null,
  palette: ICommandPalette | null,
  browser: IDefaultFileBrowser | null
): BatchPanel {
  const panel = new BatchPanel({
    onOpen: path =>
      void app.commands.execute('docmanager:open', {
        path,
        factory: 'NWB Viewer'
      }),
    currentFolder: browser ? () => browser.model.path : undefined
  });
  app.shell.add(panel, 'left', { rank: 851 });
  restorer?.add(panel, 'ibl-nwb-batch');
  app.commands.addCommand(OPEN_BATCH_PANEL, {
    label: 'Open IBL → NWB Batch Status',
    caption:
      'Done, failed (and why) and pending sessions of a batch conversion',
    execute: () => app.shell.activateById(panel.id)
  });
  palette?.addItem({ command: OPEN_BATCH_PANEL, category: 'IBL → NWB' });
  return panel;
}
