/**
 * The way in to remote NWB files: the "Open NWB from URL or DANDI…" command
 * (palette, File menu and file browser toolbar through schema/remote.json),
 * the DANDI browser, viewer tabs on URLs restored on reload, and the remote
 * settings the notebook renderer also reads.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  MainAreaWidget,
  showErrorMessage
} from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';

import { iblNwbIcon } from '../../icons';
import { CommandIDs, PACKAGE_NAME } from '../../tokens';
import { createDefaultRegistry } from '../views/defaultRegistry';
import { DandiBrowser } from './DandiBrowser';
import { labPlanDeps } from './labDeps';
import { planOpen } from './openPlan';
import { RemoteCommandIDs } from './commandIds';
import { sharedRecentRemotes } from './recent';
import {
  readRemoteSettings,
  remoteSettings,
  remoteSettingsUnavailable,
  setCurrentRemoteSettings
} from './remoteSettings';
import { RemoteViewers, type RemoteViewer } from './remoteViewers';
import {
  allow,
  forgetKey,
  getJsonViaProxy,
  keyStatus,
  saveKey
} from './serverApi';

export { RemoteCommandIDs } from './commandIds';

const PALETTE_CATEGORY = 'IBL → NWB';

export const remotePlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE_NAME}:remote`,
  description: 'Open NWB files by URL and from DANDI archives, lazily.',
  autoStart: true,
  optional: [ICommandPalette, ILayoutRestorer, ISettingRegistry, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    stateDB: IStateDB | null
  ) => {
    // Kept in step with the settings for the browser's synchronous reads.
    let apiUrl = '';
    const recent = sharedRecentRemotes(stateDB);
    const viewers = new RemoteViewers(app, createDefaultRegistry(), recent);
    const deps = labPlanDeps();
    let browser: MainAreaWidget<DandiBrowser> | null = null;

    const showBrowser = (): DandiBrowser => {
      if (!browser || browser.isDisposed) {
        const content = new DandiBrowser({
          apiUrl: () => apiUrl,
          getJson: getJsonViaProxy,
          open: async input => {
            await openInput(input);
          },
          recent,
          keyStatus,
          saveKey,
          forgetKey,
          allowApi: api => allow({ api }),
          openCollection: (dandiset, version, folder) =>
            void app.commands.execute(CommandIDs.openDandisetCollection, {
              input: [dandiset, version, folder].filter(Boolean).join('/')
            })
        });
        browser = new MainAreaWidget({ content });
        browser.id = 'jp-DandiBrowser-main';
        browser.title.label = 'DANDI';
        browser.title.icon = iblNwbIcon;
        browser.title.closable = true;
        app.shell.add(browser, 'main');
      }
      app.shell.activateById(browser.id);
      return browser.content;
    };

    /** The viewer tab opened (undefined when `input` names a dandiset to browse). */
    async function openInput(input: string): Promise<RemoteViewer | undefined> {
      const plan = await planOpen(input, await remoteSettings(), deps);
      if (plan.kind === 'browse') {
        await showBrowser().browse(plan.dandiset, plan.version, plan.folder);
        return;
      }
      return viewers.open(plan.target, input);
    }

    app.commands.addCommand(RemoteCommandIDs.open, {
      label: 'Open NWB from URL or DANDI…',
      caption:
        'View an NWB file at a URL or on DANDI without downloading it (asset URL or id, dandiset/version/path)',
      icon: args => (args.isPalette ? undefined : iblNwbIcon),
      execute: async args => {
        let input = typeof args.input === 'string' ? args.input : '';
        if (!input) {
          const answer = await InputDialog.getText({
            title: 'Open NWB from URL or DANDI',
            label:
              'An https:// URL, a DANDI asset URL or id, or dandiset/version/path',
            placeholder: '000409/draft/sub-…/sub-…_ecephys.nwb'
          });
          input = answer.value?.trim() ?? '';
        }
        if (!input) {
          return;
        }
        try {
          return await openInput(input);
        } catch (error) {
          await showErrorMessage(
            'Cannot open this NWB file',
            error instanceof Error ? error.message : String(error)
          );
        }
      }
    });
    app.commands.addCommand(RemoteCommandIDs.browser, {
      label: 'DANDI Browser',
      caption: 'Search DANDI, browse a dandiset, open an asset',
      execute: () => void showBrowser()
    });
    for (const command of [RemoteCommandIDs.open, RemoteCommandIDs.browser]) {
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    }

    if (restorer) {
      void restorer.restore(viewers.tracker, {
        command: RemoteCommandIDs.open,
        args: widget => ({ input: viewers.inputOf(widget) }),
        name: widget => viewers.inputOf(widget)
      });
    }

    const apply = (composite: Record<string, unknown>) => {
      const settings = readRemoteSettings(composite);
      apiUrl = settings.dandiApiUrl;
      setCurrentRemoteSettings(settings);
      void browser?.content.refreshApi();
    };
    apiUrl = readRemoteSettings({}).dandiApiUrl;
    if (settingRegistry) {
      // Until the user's settings are in, openings wait (remoteSettings()).
      settingRegistry
        .load(remotePlugin.id)
        .then(loaded => {
          apply(loaded.composite);
          loaded.changed.connect(() => apply(loaded.composite));
        })
        .catch(reason => {
          console.error(
            'NWB viewer: could not load the remote settings',
            reason
          );
          remoteSettingsUnavailable();
        });
    } else {
      remoteSettingsUnavailable();
    }
  }
};
