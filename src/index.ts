import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';

import { addCollectionCommand } from './collection/plugin';
import { addConvertCommand } from './convertCommand';
import { NWB_FILE_TYPE } from './fileType';
import { iblNwbIcon } from './icons';
import { readSettings } from './settings';
import { addBatchPanel } from './sidebar/batch/addBatchPanel';
import { setMaxJobs } from './sidebar/jobs/api';
import { SidebarPanel } from './sidebar/SidebarPanel';
import { CommandIDs, PluginIDs } from './tokens';
import { addValidateCommand } from './validateCommand';
import { viewerPlugin } from './viewer/plugin';
import { addWorkspaces } from './workspace/plugin';
import { remotePlugin } from './viewer/remote/plugin';
import { sharedRecentRemotes } from './viewer/remote/recent';

const PALETTE_CATEGORY = 'IBL → NWB';

/** The sidebar, its commands and the NWB file type. */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.main,
  description: 'Convert IBL sessions to NWB and view NWB files.',
  autoStart: true,
  optional: [
    ICommandPalette,
    ILayoutRestorer,
    ISettingRegistry,
    IDefaultFileBrowser,
    IStateDB
  ],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    browser: IDefaultFileBrowser | null,
    stateDB: IStateDB | null
  ) => {
    app.docRegistry.addFileType(NWB_FILE_TYPE);

    const sidebar = new SidebarPanel({
      contents: app.serviceManager.contents,
      commands: app.commands,
      recentRemotes: sharedRecentRemotes(stateDB)
    });
    app.shell.add(sidebar, 'left', { rank: 850 });
    restorer?.add(sidebar, 'ibl-nwb-sidebar');

    app.commands.addCommand(CommandIDs.openSidebar, {
      label: 'Open IBL → NWB Sidebar',
      caption: 'Find an IBL session and convert it to NWB',
      icon: args => (args.isPalette ? undefined : iblNwbIcon),
      execute: () => app.shell.activateById(sidebar.id)
    });
    palette?.addItem({
      command: CommandIDs.openSidebar,
      category: PALETTE_CATEGORY
    });
    if (browser) {
      addConvertCommand(app, browser, sidebar);
      palette?.addItem({
        command: CommandIDs.convertItem,
        category: PALETTE_CATEGORY
      });
    }

    const workspaces = addWorkspaces(app, restorer, {
      contents: app.serviceManager.contents,
      jobs: sidebar.jobs,
      outputDir: () => sidebar.settings.outputDir,
      openInViewer: path =>
        void app.commands.execute('docmanager:open', {
          path,
          factory: 'NWB Viewer'
        })
    });

    addBatchPanel(app, restorer, palette, browser);

    addValidateCommand(app, browser);
    palette?.addItem({
      command: CommandIDs.validateFile,
      category: PALETTE_CATEGORY
    });

    addCollectionCommand(app, browser, restorer);
    for (const command of [
      CommandIDs.openCollection,
      CommandIDs.openDandisetCollection
    ]) {
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    }

    if (settingRegistry) {
      settingRegistry
        .load(PluginIDs.main)
        .then(settings => {
          let maxJobs = 0;
          const apply = () => {
            const values = readSettings(settings.composite);
            sidebar.setSettings(values);
            workspaces.refresh();
            if (values.maxJobs > 0 && values.maxJobs !== maxJobs) {
              maxJobs = values.maxJobs;
              setMaxJobs(maxJobs).catch(reason =>
                console.error(
                  'IBL → NWB: could not set concurrent conversions',
                  reason
                )
              );
            }
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch(reason => {
          console.error('IBL → NWB: failed to load settings', reason);
        });
    }
  }
};

export default [plugin, viewerPlugin, remotePlugin];
