/**
 * "Open in NWB Viewer" on a `.nwb.zarr` folder in the file browser: Zarr
 * NWB files are folders, which JupyterLab opens by navigating into them, so
 * the viewer is offered from the context menu (and the palette, with the
 * selected folder).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';

import { nwbFileIcon } from '../../icons';
import { formatOf } from '../model/format';
import type { ViewRegistry } from '../views/registry';
import { NwbViewerPanel } from '../widget/NwbViewerPanel';

export const OPEN_ZARR_COMMAND = 'ibl-nwb:open-zarr-folder';

/** The one selected item of the browser, if it is a Zarr folder. */
function selectedZarr(browser: IDefaultFileBrowser | null): string | null {
  const items = browser ? [...browser.selectedItems()] : [];
  if (items.length !== 1 || items[0].type !== 'directory') {
    return null;
  }
  return formatOf(items[0].path) === 'zarr' ? items[0].path : null;
}

export function addOpenZarrCommand(
  app: JupyterFrontEnd,
  browser: IDefaultFileBrowser | null,
  views: ViewRegistry
): void {
  let opened = 0;
  app.commands.addCommand(OPEN_ZARR_COMMAND, {
    label: 'Open in NWB Viewer',
    caption:
      'Open a Zarr NWB folder (.nwb.zarr, written by hdmf-zarr) in the NWB viewer',
    icon: args => (args.isPalette ? undefined : nwbFileIcon),
    isVisible: () => selectedZarr(browser) !== null,
    execute: async args => {
      const path =
        (typeof args.path === 'string' && args.path) || selectedZarr(browser);
      if (!path) {
        return;
      }
      const panel = new NwbViewerPanel(views);
      const widget = new MainAreaWidget({ content: panel });
      widget.id = `jp-IblNwb-zarr-viewer-${++opened}`;
      widget.title.label = path.replace(/\/+$/, '').split('/').pop() ?? path;
      widget.title.caption = path;
      widget.title.icon = nwbFileIcon;
      widget.title.closable = true;
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
      await panel.loadTarget({ kind: 'server', path, format: 'zarr' });
    }
  });
  app.contextMenu.addItem({
    command: OPEN_ZARR_COMMAND,
    selector: '.jp-DirListing-item[data-isdir="true"]',
    rank: 2
  });
}
