import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, WidgetTracker } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { IStateDB } from '@jupyterlab/statedb';

import { NWB_FILE_TYPE } from '../fileType';
import { PACKAGE_NAME } from '../tokens';
import { addCodeCommands } from './code/commands';
import { addOpenExplorerCommand } from './explorer/openExplorerCommand';
import { LINDI_FILE_TYPE } from './lindi/fileType';
import { nwbRendererFactory } from './notebook/NwbMimeRenderer';
import { createDefaultRegistry } from './views/defaultRegistry';
import {
  NWB_FACTORY_NAME,
  NWB_MODEL_NAME,
  NwbModelFactory,
  NwbWidgetFactory,
  type NwbDocumentWidget
} from './widget/factories';
import { addOpenZarrCommand } from './zarr/openFolderCommand';

/**
 * The NWB viewer: double-clicking a `.nwb` file opens it in a tab (the file
 * type itself is registered by the main plugin). Open viewers are restored
 * on reload. Notebook outputs of `NWBView(path, object_path)` render the
 * same views inline.
 */
export const viewerPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:viewer`,
  description: 'Open NWB files in a lazy-reading viewer tab.',
  autoStart: true,
  optional: [
    ILayoutRestorer,
    IRenderMimeRegistry,
    IStateDB,
    IDefaultFileBrowser,
    ILabShell,
    ICommandPalette
  ],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    rendermime: IRenderMimeRegistry | null,
    stateDB: IStateDB | null,
    browser: IDefaultFileBrowser | null,
    labShell: ILabShell | null,
    palette: ICommandPalette | null
  ) => {
    const fileType = NWB_FILE_TYPE.name as string;
    // LINDI indexes (.lindi.json/.lindi.tar) open in the viewer like .nwb.
    app.docRegistry.addFileType(LINDI_FILE_TYPE);
    const lindiType = LINDI_FILE_TYPE.name as string;
    const views = createDefaultRegistry();
    rendermime?.addFactory(nwbRendererFactory(views));
    app.docRegistry.addModelFactory(new NwbModelFactory());
    const factory = new NwbWidgetFactory(
      views,
      {
        name: NWB_FACTORY_NAME,
        label: NWB_FACTORY_NAME,
        modelName: NWB_MODEL_NAME,
        fileTypes: [fileType, lindiType],
        defaultFor: [fileType, lindiType],
        readOnly: true
      },
      stateDB
    );
    app.docRegistry.addWidgetFactory(factory);
    addOpenZarrCommand(app, browser, views);
    addCodeCommands(app, labShell, palette);

    const tracker = new WidgetTracker<NwbDocumentWidget>({
      namespace: 'ibl-nwb-viewer'
    });
    factory.widgetCreated.connect((_, widget) => {
      widget.context.pathChanged.connect(() => void tracker.save(widget));
      void tracker.add(widget);
    });
    addOpenExplorerCommand(app, tracker);
    if (restorer) {
      void restorer.restore(tracker, {
        command: 'docmanager:open',
        args: widget => ({
          path: widget.context.path,
          factory: NWB_FACTORY_NAME
        }),
        name: widget => widget.context.path
      });
    }
  }
};

export default viewerPlugin;
