/**
 * "Open as NWB collection": on a folder in the file browser's context menu
 * and in the command palette (the selected folder, else the one asked for);
 * "Open dandiset as NWB collection": a dandiset version (or a folder of it),
 * from the palette or the DANDI browser's "Open as collection" button.
 */
import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import {
  InputDialog,
  MainAreaWidget,
  showErrorMessage,
  WidgetTracker
} from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';

import { iblNwbIcon } from '../icons';
import { CommandIDs } from '../tokens';
import { defaultVersion, downloadUrlOf } from '../viewer/remote/dandiApi';
import { labPlanDeps } from '../viewer/remote/labDeps';
import { urlTarget } from '../viewer/remote/openPlan';
import { RemoteCommandIDs } from '../viewer/remote/plugin';
import { remoteSettings } from '../viewer/remote/remoteSettings';
import {
  CollectionPanel,
  type ICollectionPanelOptions
} from './CollectionPanel';
import { parseCollectionRef } from './collectionRef';
import { folderSource, type ICollectionSource } from './collectionSource';
import { dandisetSource } from './dandisetSource';
import { openInViewer, showUnit } from './drill';
import { openIndexStore, type IIndexStore } from './indexStore';

type OpenFile = ICollectionPanelOptions['openFile'];

function selectedFolder(browser: IDefaultFileBrowser | null): string | null {
  const items = browser ? [...browser.selectedItems()] : [];
  return items.length === 1 && items[0].type === 'directory'
    ? items[0].path
    : null;
}

async function ask(title: string, label: string, current: string) {
  const answer = await InputDialog.getText({
    title,
    label,
    text: current,
    okLabel: 'Open'
  });
  return answer.button.accept
    ? (answer.value ?? '').trim().replace(/^\/+|\/+$/g, '')
    : null;
}

type CollectionTab = MainAreaWidget<CollectionPanel>;

/** One tab per collection: opening it again refreshes the tab. */
class CollectionTabs {
  private readonly open = new Map<string, CollectionTab>();
  readonly store: IIndexStore = openIndexStore();
  /**
   * Folder collections, reopened on reload (their index is cached, so that is quick).
   * Dandiset collections are not: reopening them asks the DANDI API at start-up, which
   * may be unreachable then.
   */
  readonly folders = new WidgetTracker<CollectionTab>({
    namespace: 'ibl-nwb-collection'
  });
  private readonly folderOf = new WeakMap<CollectionTab, string>();

  constructor(private readonly app: JupyterFrontEnd) {}

  /** The folder a folder collection's tab shows (what the restorer reopens). */
  folder(tab: CollectionTab): string | undefined {
    return this.folderOf.get(tab);
  }

  show(
    source: ICollectionSource,
    openFile: OpenFile,
    folder?: string
  ): Promise<void> {
    const existing = this.open.get(source.key);
    if (existing && !existing.isDisposed) {
      this.app.shell.activateById(existing.id);
      return existing.content.refresh();
    }
    const content = new CollectionPanel({
      source,
      store: this.store,
      openFile
    });
    const widget = new MainAreaWidget({ content });
    widget.id = `jp-NwbCollection-${this.open.size + 1}-${Date.now()}`;
    widget.title.label = `Collection: ${source.shortTitle}`;
    widget.title.caption = `NWB collection ${source.title}`;
    widget.title.icon = iblNwbIcon;
    widget.title.closable = true;
    this.open.set(source.key, widget);
    if (folder !== undefined) {
      this.folderOf.set(widget, folder);
      void this.folders.add(widget);
    }
    this.app.shell.add(widget, 'main');
    this.app.shell.activateById(widget.id);
    return content.refresh();
  }
}

function logged(what: string, work: Promise<void>): void {
  void work.catch(reason =>
    console.error(`IBL → NWB: could not open ${what} in the viewer`, reason)
  );
}

export function addCollectionCommand(
  app: JupyterFrontEnd,
  browser: IDefaultFileBrowser | null,
  restorer: ILayoutRestorer | null = null
): void {
  const tabs = new CollectionTabs(app);
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
            (await ask(
              'Open as NWB collection',
              'Folder of .nwb files (relative to the server root)',
              browser?.model.path ?? ''
            )));
      if (folder === null) {
        return;
      }
      return tabs.show(
        folderSource(app.serviceManager.contents, folder),
        (path, unit) => logged(path, openInViewer(app, path, unit)),
        folder
      );
    }
  });
  if (restorer) {
    void restorer.restore(tabs.folders, {
      command: CommandIDs.openCollection,
      args: tab => ({ path: tabs.folder(tab) ?? '' }),
      name: tab => tabs.folder(tab) ?? tab.id
    });
  }
  app.contextMenu.addItem({
    command: CommandIDs.openCollection,
    selector: '.jp-DirListing-item[data-isdir="true"]',
    rank: 62
  });
  addDandisetCollectionCommand(app, tabs);
}

function addDandisetCollectionCommand(
  app: JupyterFrontEnd,
  tabs: CollectionTabs
): void {
  app.commands.addCommand(CommandIDs.openDandisetCollection, {
    label: 'Open dandiset as NWB collection…',
    caption:
      'Index the .nwb assets of a DANDI dandiset (or a folder of it) without downloading them',
    icon: args => (args.isPalette ? undefined : iblNwbIcon),
    execute: async args => {
      const input =
        typeof args.input === 'string'
          ? args.input
          : await ask(
              'Open dandiset as NWB collection',
              'dandiset[/version[/path-prefix]]',
              ''
            );
      if (!input) {
        return;
      }
      try {
        const parsed = parseCollectionRef(input);
        const settings = await remoteSettings();
        const deps = labPlanDeps();
        const apiUrl = settings.dandiApiUrl;
        await deps.allow({ api: apiUrl });
        const version =
          parsed.version ??
          (await defaultVersion(apiUrl, parsed.dandiset, deps.getJson));
        const ref = { ...parsed, apiUrl, version };
        const source = dandisetSource(ref, deps.getJson, (r, asset) =>
          urlTarget(
            downloadUrlOf(r.apiUrl, asset.assetId),
            `${r.dandiset}/${r.version}/${asset.path}`,
            settings,
            deps,
            'hdf5'
          )
        );
        await tabs.show(source, (path, unit) => {
          const asset = source.assetOf(path);
          if (!asset) {
            return;
          }
          // The remote viewer's own command: a url tab, restored on reload, in the recent list.
          logged(
            asset.path,
            app.commands
              .execute(RemoteCommandIDs.open, {
                input: `${ref.dandiset}/${ref.version}/${asset.path}`
              })
              .then(widget =>
                showUnit((widget as MainAreaWidget | undefined)?.content, unit)
              )
          );
        });
      } catch (error) {
        await showErrorMessage(
          'Cannot open this dandiset as a collection',
          error instanceof Error ? error.message : String(error)
        );
      }
    }
  });
}
